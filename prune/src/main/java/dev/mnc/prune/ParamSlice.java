package dev.mnc.prune;

import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * One axis of one constant input of a node that follows the channels of an activation: when
 * channels of {@code by} are removed, the same indices go from axis {@code axis} of input
 * {@code input}. These are the weight layouts of the IR's NCHW ops:
 * <ul>
 * <li>conv2d [O, I/g, kh, kw]: axis 0 by the output; axis 1 by the input when group is 1;
 *     bias [O] by the output. A depthwise conv slices only axis 0 (its input channels are the
 *     output's).</li>
 * <li>conv_transpose2d [I, O, kh, kw] (group 1): axis 0 by the input, axis 1 by the output; bias
 *     by the output.</li>
 * <li>fully_connected [O, K]: axis 0 by the output, axis 1 by the input; bias by the output.
 *     matmul by a constant [K, N]: axis 0 by the input, axis 1 by the output.</li>
 * <li>batch_norm: its four [C] parameters by the input.</li>
 * <li>add/sub/mul/div: a constant operand whose dim under the output's channel axis (numpy
 *     alignment) equals the channel count, when that is more than 1, by the output.</li>
 * </ul>
 *
 * @param weight true for the weight of a layer (conv, dense, matmul), false for biases and
 *     per-channel parameters
 */
record ParamSlice(int input, int axis, Value by, boolean weight) {

    /** The slices of {@code n}'s constant inputs (none for ops without per-channel constants). */
    static List<ParamSlice> of(Node n) {
        Op op = n.op();
        List<ParamSlice> out = new ArrayList<>();
        Value x = n.input(0);
        Value y = n.output();
        boolean constantWeight = n.numInputs() > 1 && n.input(1).isConstant();
        if (op instanceof Conv2d c && constantWeight) {
            int cin = x.shape().intSize(1);
            boolean depthwise = c.group() > 1 && c.group() == cin;
            if (c.group() == 1 || depthwise) {
                out.add(new ParamSlice(1, 0, y, true));
                if (c.group() == 1) {
                    out.add(new ParamSlice(1, 1, x, true));
                }
                bias(n, y, out);
            }
        } else if (op instanceof ConvTranspose2d c && constantWeight && c.group() == 1) {
            out.add(new ParamSlice(1, 0, x, true));
            out.add(new ParamSlice(1, 1, y, true));
            bias(n, y, out);
        } else if (op instanceof FullyConnected && constantWeight) {
            out.add(new ParamSlice(1, 0, y, true));
            out.add(new ParamSlice(1, 1, x, true));
            bias(n, y, out);
        } else if (op instanceof MatMul && constantWeight && x.type().rank() == 2 && n.input(1).type().rank() == 2) {
            out.add(new ParamSlice(1, 0, x, true));
            out.add(new ParamSlice(1, 1, y, true));
        } else if (op instanceof BatchNorm) {
            for (int i = 1; i < 5; i++) {
                if (n.input(i).isConstant()) {
                    out.add(new ParamSlice(i, 0, x, false));
                }
            }
        } else if (op instanceof Binary && y.type().rank() >= 2 && y.shape().size(1) > 1) {
            int rank = y.type().rank();
            for (int i = 0; i < n.numInputs(); i++) {
                Value c = n.input(i);
                int aligned = 1 - (rank - c.type().rank());
                if (c.isConstant() && aligned >= 0 && c.shape().size(aligned) == y.shape().size(1)) {
                    out.add(new ParamSlice(i, aligned, y, false));
                }
            }
        }
        return out;
    }

    private static void bias(Node n, Value y, List<ParamSlice> out) {
        if (n.numInputs() > 2 && n.input(2).isConstant()) {
            out.add(new ParamSlice(2, 0, y, false));
        }
    }
}
