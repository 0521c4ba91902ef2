/**
 * The pattern-rewrite helper: {@link dev.mnc.passes.pattern.Pattern} describes a small subgraph
 * ("div of mul of x and clip of add of x and a constant"), {@link dev.mnc.passes.pattern.Match} holds
 * what it bound, a {@link dev.mnc.passes.pattern.RewriteRule} turns a match into a rewrite or a
 * reasoned decline, and {@link dev.mnc.passes.pattern.Rewriter} drives rules to a fixed point.
 * Nothing here knows any particular op's meaning.
 */
package dev.mnc.passes.pattern;
