package dev.mnc.passes.plugin;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassInfo;
import dev.mnc.passes.PassOption;
import dev.mnc.passes.PassResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's pass as a plugin jar would ship it (registered in test resources'
 * META-INF/services): removes a softmax that produces a graph output, so the deployed model
 * returns logits; with {@code softmax.keep=true} it does nothing.
 */
public final class DropFinalSoftmax implements Pass {
    public static final PassOption<Boolean> KEEP = PassOption.ofBoolean("softmax.keep",
            "keep the final softmax", false);

    @Override
    public PassInfo info() {
        return new PassInfo("drop-final-softmax", "returns logits instead of probabilities", List.of("dead-code"),
                true);
    }

    @Override
    public List<PassOption<?>> options() {
        return List.of(KEEP);
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(info().name());
        if (context.get(KEEP)) {
            return result.build();
        }
        List<Value> outs = new ArrayList<>(graph.outputs());
        for (int i = 0; i < outs.size(); i++) {
            Node p = outs.get(i).producer();
            if (p != null && p.op() instanceof Softmax && outs.get(i).users().isEmpty()) {
                String name = outs.get(i).name();
                outs.set(i, p.input(0));
                graph.setOutputs(outs);
                graph.removeNode(p);
                graph.rename(p.input(0), name);
                result.applied(p, "removed; the output returns logits");
            }
        }
        return result.build();
    }
}
