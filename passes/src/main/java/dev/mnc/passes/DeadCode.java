package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dead-code}: removes nodes and constants that no graph output depends on.
 *
 * <pre>
 * Before:
 *   %a = relu(%x)
 *   %unused = sigmoid(%x)
 *   return %a
 * After:
 *   %a = relu(%x)
 *   return %a
 * </pre>
 *
 * <p>Applies when: a node's outputs are read by nothing that reaches a graph output, or a constant
 * is read by no node. Math: none; graph inputs always stay (they are the model's interface), even
 * when unused. Skips when: never.
 */
public final class DeadCode implements Pass {
    private static final PassInfo INFO = PassInfo.of("dead-code", "removes nodes and constants no graph output needs");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        List<Node> before = graph.nodes();
        List<Value> constantsBefore = new ArrayList<>();
        for (Value v : graph.values()) {
            if (v.isConstant()) {
                constantsBefore.add(v);
            }
        }
        graph.removeDeadCode();
        for (Node n : before) {
            if (!graph.contains(n)) {
                result.applied(n, "removed: no graph output depends on it");
            }
        }
        List<String> dropped = new ArrayList<>();
        for (Value c : constantsBefore) {
            if (graph.value(c.name()).orElse(null) != c) {
                dropped.add("@" + c.name());
            }
        }
        if (!dropped.isEmpty()) {
            dropped.sort(null);
            result.add(new RewriteEvent.Applied("graph '" + graph.name() + "'", "removed unused constants "
                    + String.join(", ", dropped)));
        }
        return result.build();
    }
}
