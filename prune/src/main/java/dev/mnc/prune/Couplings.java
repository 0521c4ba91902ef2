package dev.mnc.prune;

import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.LeakyRelu;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Mean;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Pad;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Resize;
import dev.mnc.ir.ops.Sigmoid;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.ir.ops.Transpose;

/**
 * How each op couples the channels (axis 1) of its inputs and output, in the NCHW graphs the ONNX
 * frontend produces. Torch-Pruning's DepGraph is the idea: an op either starts a new channel space
 * (the output channels of a conv are its own), carries channels through one to one (they must go
 * together), or mixes them (they must all stay).
 * <ul>
 * <li>Start a space: conv2d with group 1, conv_transpose2d with group 1, fully_connected, and a
 *     matmul by a constant [K, N] matrix. Their inputs' channels are read by the weights' input
 *     axis, which is sliced to match; nothing couples input and output.</li>
 * <li>Depthwise conv2d (group = C_in, C_out = m * C_in): input channel i goes with output channels
 *     m*i .. m*i+m-1.</li>
 * <li>One to one: activations, cast, identity, batch_norm, pooling, resize, pad (when it pads
 *     neither N nor C), mean over axes other than N and C, softmax, slice and gather along other
 *     axes, transposes that keep N and C in place, and every runtime operand of add/sub/mul/div
 *     of the output's rank and channel count. That last rule ties residual adds and, through the
 *     mul of an SE block, the SE output channels to the trunk. An operand that broadcasts along
 *     the channels (size 1) is not coupled; a constant operand with the output's channel count is
 *     sliced along with it.</li>
 * <li>concat along C: output channel offset_k + i goes with channel i of input k; along another
 *     axis, every input goes one to one with the output.</li>
 * <li>reshape with the same N: input channel c covers flat positions [c*I, (c+1)*I) where I is
 *     the product of its trailing dims, output channel c' covers [c'*O, (c'+1)*O); channels whose
 *     ranges overlap go together. Flatten maps each channel to its H*W features; [N,C,1,1] to
 *     [N,C] maps them one to one.</li>
 * <li>Everything else, and every op whose weights or parameters are not constants, pins all its
 *     channels: grouped convs (channels interact within a group), softmax along C, reductions and
 *     slices along C, transposes that move C, a reshape that changes N.</li>
 * </ul>
 */
final class Couplings {
    private Couplings() {}

    static void apply(Node n, ChannelSpace s) {
        Op op = n.op();
        Value out = n.outputs().size() == 1 ? n.output() : null;
        if (out == null) {
            pinAll(n, s, "has several outputs");
        } else if (op instanceof Conv2d c) {
            conv(n, c, s);
        } else if (op instanceof ConvTranspose2d c) {
            if (c.group() != 1 || !weightsConstant(n)) {
                pinAll(n, s, c.group() != 1 ? "is a grouped transposed conv" : "has weights computed at run time");
            }
        } else if (op instanceof FullyConnected) {
            if (!weightsConstant(n)) {
                pinAll(n, s, "has weights computed at run time");
            }
        } else if (op instanceof MatMul) {
            if (!(n.input(1).isConstant() && n.input(0).type().rank() == 2 && n.input(1).type().rank() == 2)) {
                pinAll(n, s, "multiplies run-time matrices or batches");
            }
        } else if (op instanceof BatchNorm) {
            for (int i = 1; i < 5; i++) {
                if (!n.input(i).isConstant()) {
                    pinAll(n, s, "has parameters computed at run time");
                    return;
                }
            }
            s.sameChannels(n.input(0), out, n);
        } else if (op instanceof Relu || op instanceof Clip || op instanceof Sigmoid || op instanceof HardSigmoid
                || op instanceof HardSwish || op instanceof LeakyRelu || op instanceof Identity || op instanceof Cast
                || op instanceof AvgPool2d || op instanceof MaxPool2d || op instanceof Resize) {
            s.sameChannels(n.input(0), out, n);
        } else if (op instanceof Binary) {
            binary(n, s);
        } else if (op instanceof Pad p) {
            int rank = n.input(0).type().rank();
            boolean keepsNc = p.begin(0) == 0 && p.end(0) == 0 && (rank < 2 || (p.begin(1) == 0 && p.end(1) == 0));
            oneToOneUnless(n, s, !keepsNc, "pads the batch or channel axis");
        } else if (op instanceof Mean m) {
            boolean reducesNc = m.axes()[0] <= 1;
            oneToOneUnless(n, s, reducesNc, "averages over the batch or channel axis");
        } else if (op instanceof Softmax sm) {
            oneToOneUnless(n, s, sm.axis() <= 1, "normalizes over the channel axis");
        } else if (op instanceof Slice sl) {
            boolean touches = false;
            for (int a : sl.axes()) {
                touches |= a <= 1;
            }
            oneToOneUnless(n, s, touches, "slices the batch or channel axis");
        } else if (op instanceof Gather g) {
            oneToOneUnless(n, s, g.axis() <= 1 || n.input(0).type().rank() != out.type().rank(),
                    "gathers along the batch or channel axis");
        } else if (op instanceof Transpose t) {
            int[] p = t.perm();
            oneToOneUnless(n, s, p.length < 2 || p[0] != 0 || p[1] != 1, "moves the channel axis");
        } else if (op instanceof Concat c) {
            concat(n, c, s);
        } else if (op instanceof Reshape) {
            reshape(n, s);
        } else {
            pinAll(n, s, "is not understood by the pruner");
        }
    }

    private static void conv(Node n, Conv2d c, ChannelSpace s) {
        if (!weightsConstant(n)) {
            pinAll(n, s, "has weights computed at run time");
            return;
        }
        if (c.group() == 1) {
            return;
        }
        Value x = n.input(0);
        Value y = n.output();
        int cin = s.channels(x);
        int cout = s.channels(y);
        if (c.group() != cin || cout % cin != 0) {
            pinAll(n, s, "is a grouped conv (group " + c.group() + ") whose channels interact within each group");
            return;
        }
        int m = cout / cin;
        for (int i = 0; i < cin; i++) {
            for (int j = 0; j < m; j++) {
                s.union(s.element(x, i), s.element(y, i * m + j));
            }
        }
    }

    private static boolean weightsConstant(Node n) {
        for (int i = 1; i < n.numInputs(); i++) {
            if (!n.input(i).isConstant()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runtime operands of the output's rank and channel count go one to one with it; ones that
     * broadcast along channels (size 1) stay apart; anything else that lands on the channel axis
     * pins everything. Constants are sliced, never coupled.
     */
    private static void binary(Node n, ChannelSpace s) {
        Value out = n.output();
        int rank = out.type().rank();
        if (rank < 2) {
            return;
        }
        long c = out.shape().size(1);
        for (Value in : n.inputs()) {
            if (in.isConstant()) {
                continue;
            }
            int r = in.type().rank();
            int aligned = 1 - (rank - r);
            long size = aligned >= 0 ? in.shape().size(aligned) : 1;
            if (r == rank && size == c) {
                s.sameChannels(in, out, n);
            } else if (size == 1 && (r == rank || !s.has(in))) {
                continue;
            } else {
                pinAll(n, s, "broadcasts a run-time operand " + in.shape() + " onto " + out.shape());
                return;
            }
        }
    }

    private static void concat(Node n, Concat c, ChannelSpace s) {
        Value out = n.output();
        for (Value in : n.inputs()) {
            if (in.isConstant() || !s.has(in)) {
                pinAll(n, s, "concatenates a constant or a tensor without channels");
                return;
            }
        }
        if (c.axis() != 1) {
            for (Value in : n.inputs()) {
                s.sameChannels(in, out, n);
            }
            return;
        }
        int offset = 0;
        for (Value in : n.inputs()) {
            for (int i = 0; i < s.channels(in); i++) {
                s.union(s.element(in, i), s.element(out, offset + i));
            }
            offset += s.channels(in);
        }
    }

    private static void reshape(Node n, ChannelSpace s) {
        Value x = n.input(0);
        Value y = n.output();
        if (!s.has(x) || !s.has(y) || !x.shape().dim(0).equals(y.shape().dim(0))) {
            pinAll(n, s, "reshapes across the batch axis or to a tensor without channels");
            return;
        }
        long inner = x.shape().numElements() / x.shape().size(0) / s.channels(x);
        long outer = y.shape().numElements() / y.shape().size(0) / s.channels(y);
        // Walk both channel partitions of the flat positions and join channels whose ranges overlap.
        int i = 0;
        int j = 0;
        while (i < s.channels(x) && j < s.channels(y)) {
            s.union(s.element(x, i), s.element(y, j));
            long endX = (i + 1) * inner;
            long endY = (j + 1) * outer;
            if (endX <= endY) {
                i++;
            }
            if (endY <= endX) {
                j++;
            }
        }
    }

    private static void oneToOneUnless(Node n, ChannelSpace s, boolean mixes, String why) {
        if (mixes) {
            pinAll(n, s, why);
        } else {
            s.sameChannels(n.input(0), n.output(), n);
        }
    }

    private static void pinAll(Node n, ChannelSpace s, String why) {
        String reason = n.describe() + " " + why;
        for (Value v : n.inputs()) {
            s.pin(v, reason);
        }
        for (Value v : n.outputs()) {
            s.pin(v, reason);
        }
    }
}
