package dev.mnc.prune;

import dev.mnc.ir.Graph;

/**
 * The pruned graph (a new NCHW graph; the input graph is not changed) and what was done to it.
 */
public record PruneResult(Graph pruned, PruneReport report) {}
