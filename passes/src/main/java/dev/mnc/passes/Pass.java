package dev.mnc.passes;

import dev.mnc.ir.Graph;
import java.util.List;

/**
 * A graph transformation: the one extension point of the pass manager. Built-in passes and users'
 * passes (found through {@link java.util.ServiceLoader}, see {@link PassRegistry}) are the same type.
 *
 * <p>A pass rewrites the graph in place and reports what it did in a {@link PassResult}. It reads
 * its configuration from the {@link PassContext} it is given (never from global state), declares
 * the options it reads in {@link #options()}, and reports a user's bad input as a
 * {@link dev.mnc.ir.MncException} naming the node. A pass leaves a graph that
 * {@link dev.mnc.ir.Verifier} accepts, and keeps the names of the graph's inputs and outputs.
 *
 * <p>Implementations must be stateless between runs (one instance may run on many graphs) and,
 * to be found by {@code ServiceLoader}, have a public no-argument constructor.
 */
public interface Pass {

    /** Name, summary, required passes, and whether one run reaches a fixed point. */
    PassInfo info();

    /** Rewrites {@code graph} in place. */
    PassResult run(Graph graph, PassContext context);

    /** The options this pass reads from the context; their names are unique across all passes. */
    default List<PassOption<?>> options() {
        return List.of();
    }
}
