package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Pad;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pad as IR {@link Pad}. Before opset 11, pads, mode and value are attributes; from 11, pads and
 * the constant value are inputs (constants), and from 18 an {@code axes} input says which axes the
 * pads belong to (others get none). Modes constant, reflect and edge; negative pads (cropping) and
 * wrap mode (opset 19) are refused.
 */
final class PadOp {
    private PadOp() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Pad", PadOp::convert);
    }

    private static void convert(OnnxNode n, ImportContext ctx) {
        String mode = n.attrs().getString("mode", "constant");
        long[] pads;
        float value;
        Value x;
        if (n.opset() < 11) {
            n.requireInputs(1, 1);
            pads = n.attrs().getInts("pads", null);
            if (pads == null) {
                throw new MncException("attribute 'pads' is required");
            }
            value = n.attrs().getFloat("value", 0f);
            x = ctx.value(n.input(0));
        } else {
            n.requireInputs(2, 4);
            x = ctx.value(n.input(0));
            pads = Args.ints(n, ctx, 1, "Pad pads");
            value = n.hasInput(2) ? Args.scalar(n, ctx, 2, "Pad constant_value") : 0f;
            if (n.hasInput(3)) {
                pads = spread(pads, Args.ints(n, ctx, 3, "Pad axes"), x.type().rank());
            }
        }
        int rank = x.type().rank();
        if (pads.length != 2 * rank) {
            throw new MncException("pads " + Arrays.toString(pads) + " need " + 2 * rank + " values for " + x.shape());
        }
        Pad.Mode m = switch (mode) {
            case "constant" -> Pad.Mode.CONSTANT;
            case "reflect" -> Pad.Mode.REFLECT;
            case "edge" -> Pad.Mode.EDGE;
            default -> throw new MncException("mode '" + mode + "' is not supported (constant, reflect, edge)");
        };
        ctx.emit(n, new Pad(pads, m, value), List.of(x), n.output(0));
    }

    /** Pads given for some axes, as pads for all axes (zeros elsewhere). */
    private static long[] spread(long[] pads, long[] axes, int rank) {
        int[] ax = Args.axes("axes", axes, rank);
        if (pads.length != 2 * ax.length) {
            throw new MncException("pads " + Arrays.toString(pads) + " need " + 2 * ax.length + " values for axes "
                    + Arrays.toString(axes));
        }
        long[] out = new long[2 * rank];
        for (int i = 0; i < ax.length; i++) {
            out[ax[i]] = pads[i];
            out[rank + ax[i]] = pads[ax.length + i];
        }
        return out;
    }
}
