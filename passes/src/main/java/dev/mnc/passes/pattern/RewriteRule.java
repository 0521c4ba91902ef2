package dev.mnc.passes.pattern;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.passes.RewriteEvent;
import java.util.Optional;

/**
 * One rewrite in two steps, the way onnx/optimizer's passes are built: a cheap structural
 * {@link #match} that only looks, then a {@link #rewrite} that checks the numbers (constants, use
 * counts, finiteness) and either changes the graph ({@link RewriteEvent.Applied}) or declines with
 * a reason ({@link RewriteEvent.Skipped}), leaving the graph untouched.
 *
 * @param <M> what the match hands to the rewrite: a {@link Match}, or simply the node
 */
public interface RewriteRule<M> {

    /** The structure starting at {@code node}, if it is there; must not change the graph. */
    Optional<M> match(Node node);

    /** Rewrites the matched structure, or declines without changing anything. */
    RewriteEvent rewrite(M match, Graph graph);

    /** A rule whose match is a {@link Pattern} match. */
    static RewriteRule<Match> of(Pattern pattern, java.util.function.BiFunction<Match, Graph, RewriteEvent> rewrite) {
        return new RewriteRule<>() {
            @Override
            public Optional<Match> match(Node node) {
                return pattern.match(node);
            }

            @Override
            public RewriteEvent rewrite(Match match, Graph graph) {
                return rewrite.apply(match, graph);
            }
        };
    }
}
