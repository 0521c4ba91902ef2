package com.example.mnc;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassInfo;
import dev.mnc.passes.PassResult;

/**
 * {@code strip-final-softmax}: removes a softmax whose result is a model output, so the model
 * returns logits (the arg-max is the same; apps that apply their own softmax or temperature, or
 * only need the top class, skip the exponentials).
 *
 * <pre>
 * Before:
 *   %logits = fully_connected(%x, @w, @b)
 *   %probs = softmax(%logits) {axis=1}
 *   return %probs
 * After:
 *   %probs = fully_connected(%x, @w, @b)
 *   return %probs
 * </pre>
 *
 * <p>Skips when: the softmax's input is itself a model output or a model input.
 */
public final class StripFinalSoftmax implements Pass {
    private static final PassInfo INFO = PassInfo.of("strip-final-softmax",
            "makes a classifier return logits by removing its final softmax");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        for (Value out : graph.outputs()) {
            Node n = out.producer();
            if (n == null || !(n.op() instanceof Softmax)) {
                continue;
            }
            Value logits = n.input(0);
            if (graph.isGraphOutput(logits) || graph.isGraphInput(logits)) {
                result.skipped(n, "its input is also a model input or output");
                continue;
            }
            graph.replaceAllUses(out, logits);
            result.applied(n, "removed the final softmax");
        }
        if (result.hasChanged()) {
            graph.removeDeadCode();
        }
        return result.build();
    }
}
