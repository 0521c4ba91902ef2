package dev.mnc.frontend.onnx;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.BatchNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BatchNormalization in inference mode (opsets 7, 9, 14, 15) as IR {@link BatchNorm}: y =
 * scale * (x - mean) / sqrt(var + epsilon) + B over the channel axis 1. Training is refused:
 * {@code training_mode = 1}, or any of the extra outputs (running or saved statistics) being
 * read. {@code spatial = 0} (opsets 7 and 8: statistics per activation, not per channel) is
 * refused for inputs of rank above 2; momentum only matters in training.
 */
final class BatchNormOp {
    private BatchNormOp() {}

    static void register(Map<String, OpConverter> m) {
        m.put("BatchNormalization", BatchNormOp::convert);
    }

    private static void convert(OnnxNode n, ImportContext ctx) {
        n.requireInputs(5, 5);
        NodeAttributes a = n.attrs();
        a.ignore("momentum");
        float epsilon = a.getFloat("epsilon", 1e-5f);
        if (a.getInt("training_mode", 0) != 0) {
            throw new MncException("training_mode is 1; export the model for inference");
        }
        Value x = ctx.value(n.input(0));
        Args.requireFloat(x, "BatchNormalization");
        if (a.getInt("spatial", 1) == 0 && x.type().rank() > 2) {
            throw new MncException("spatial=0 (per-activation statistics) is not supported");
        }
        for (int i = 1; i < n.numOutputs(); i++) {
            String out = n.optionalOutput(i);
            if (out != null && ctx.isUsed(out)) {
                throw new MncException("training output '" + out + "' is used; export the model for inference");
            }
        }
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ins.add(ctx.value(n.input(i)));
        }
        Layout layout = x.type().rank() == 4 ? Layout.NCHW : Layout.NONE;
        ctx.emit(n, new BatchNorm(epsilon, layout), ins, n.output(0));
    }
}
