package dev.mnc.passes.pattern;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.RewriteEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives {@link RewriteRule}s to a fixed point: sweeps the nodes in topological order, tries each
 * rule at each node still in the graph (the first rule that applies wins; the next sweep sees the
 * new nodes), and repeats until a sweep applies nothing. Applied events are recorded as they
 * happen; skipped ones only from the final sweep, so each decline is reported once, as it stands
 * in the final graph. Events name the node as it was called when the rule matched it.
 */
public final class Rewriter {
    private Rewriter() {}

    /** Runs {@code rules} to a fixed point; returns the number of rewrites applied. */
    public static int toFixedPoint(Graph graph, PassResult.Builder result, List<? extends RewriteRule<?>> rules) {
        int maxSweeps = 100 + 10 * graph.numNodes();
        int applied = 0;
        for (int sweep = 0; sweep < maxSweeps; sweep++) {
            List<RewriteEvent> skipped = new ArrayList<>();
            boolean progress = false;
            for (Node n : graph.nodes()) {
                if (!graph.contains(n)) {
                    continue;
                }
                for (RewriteRule<?> rule : rules) {
                    Optional<RewriteEvent> e = tryRule(rule, n, graph);
                    if (e.isEmpty()) {
                        continue;
                    }
                    if (e.get() instanceof RewriteEvent.Applied) {
                        result.add(e.get());
                        applied++;
                        progress = true;
                        break;
                    }
                    skipped.add(e.get());
                }
            }
            if (!progress) {
                skipped.forEach(result::add);
                return applied;
            }
        }
        throw new IllegalStateException("rewrites did not reach a fixed point after " + maxSweeps
                + " sweeps over graph '" + graph.name() + "'; some rule undoes another");
    }

    /** Tries one rule; the event names the node as it was called before the rewrite renamed anything. */
    private static <M> Optional<RewriteEvent> tryRule(RewriteRule<M> rule, Node n, Graph graph) {
        Optional<M> m = rule.match(n);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        String where = n.describe();
        RewriteEvent e = rule.rewrite(m.get(), graph);
        return Optional.of(e instanceof RewriteEvent.Applied a ? new RewriteEvent.Applied(where, a.detail())
                : new RewriteEvent.Skipped(where, ((RewriteEvent.Skipped) e).reason()));
    }
}
