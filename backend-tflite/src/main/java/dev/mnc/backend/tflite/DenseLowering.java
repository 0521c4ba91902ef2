package dev.mnc.backend.tflite;

import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.FullyConnected;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BatchMatMulOptions;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;

/**
 * Lowers matrix products. fully_connected is FULLY_CONNECTED with the IR's [O, K] weights, a bias
 * (zeros when absent, as for convs) and keep_num_dims false. matmul of a [M, K] activation by a
 * constant [K, N] matrix is the same layer with the matrix transposed to [N, K] (what TFLite's
 * converter emits, and what its int8 path quantizes per output channel); any other matmul is
 * BATCH_MATMUL.
 */
final class DenseLowering {
    private DenseLowering() {}

    static void fullyConnected(Lowering l, Node n, FullyConnected op) {
        Value x = n.input(0);
        Value w = n.input(1);
        Value y = n.output();
        int o = Lowering.dims(w)[0];
        int bt = n.numInputs() > 2 ? l.in(n.input(2)) : ConvLowering.zeroBias(l, n, x, w.quant(), o, y.name() + "/bias");
        emitFullyConnected(l, l.in(x), l.in(w), bt, Activations.code(op.activation()), l.define(y));
    }

    static void matmul(Lowering l, Node n) {
        Value a = n.input(0);
        Value b = n.input(1);
        Value y = n.output();
        if (a.type().rank() == 2 && b.type().rank() == 2 && b.isConstant()) {
            QuantParams bq = b.quant();
            if (bq != null && !bq.isPerTensor() && bq.axis() != 1) {
                throw Unsupported.of(n, "its constant matrix is quantized along axis " + bq.axis(),
                        "quantize it per output column (axis 1)");
            }
            QuantParams wq = WeightLayouts.moveAxis(bq, 0);
            int wt = l.constant(b.name(), WeightLayouts.permute(b.data(), new int[] {1, 0}), wq);
            int o = Lowering.dims(b)[1];
            int bt = ConvLowering.zeroBias(l, n, a, wq, o, y.name() + "/bias");
            emitFullyConnected(l, l.in(a), wt, bt, ActivationFunctionType.NONE, l.define(y));
            return;
        }
        l.op(BuiltinOperator.BATCH_MATMUL, new int[] {l.in(a), l.in(b)}, new int[] {l.define(y)},
                BuiltinOptions.BatchMatMulOptions, BatchMatMulOptions.createBatchMatMulOptions(l.fb(), false, false, false));
    }

    private static void emitFullyConnected(Lowering l, int x, int w, int b, byte act, int y) {
        int opts = FullyConnectedOptions.createFullyConnectedOptions(l.fb(), act, FullyConnectedOptionsWeightsFormat.DEFAULT,
                false, false);
        l.op(BuiltinOperator.FULLY_CONNECTED, new int[] {x, w, b}, new int[] {y}, BuiltinOptions.FullyConnectedOptions,
                opts);
    }
}
