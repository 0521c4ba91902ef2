package dev.mnc.backend.nativeformat;

import dev.mnc.ir.DType;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.Dequantize;
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
import dev.mnc.ir.ops.Quantize;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Resize;
import dev.mnc.ir.ops.Sigmoid;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.ir.ops.Transpose;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.OpCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps each IR op onto a runtime opcode and its parameter words (FORMAT.md, "Ops"). Everything the
 * runtime cannot take is refused here with an {@link MncException} naming the node: spatial ops
 * still in NCHW (run the {@code layout-nhwc} pass first), weights that are not constants, int8 ops
 * the runtime has no integer kernel for. Slices are resolved to a start and step per axis, since
 * shapes are static.
 *
 * <p>An op whose data input is {@code i8} is quantized (the IR's "Quantized graphs" conventions)
 * and lowers to the int8 opcode of the same op ({@code conv2d_q8} for {@code conv2d}, ...), with
 * the same parameter words: the quantization parameters travel in the tensor table, and the
 * runtime derives TFLite's fixed-point multipliers from them when it loads. Ops that only move
 * data (reshape, transpose, slice, gather, concat) keep their type-generic opcodes; a concat must
 * not change quantization. {@code relu} and {@code clip} on int8 become {@code clip_q8};
 * {@code quantize} from an integer input becomes {@code requantize}.
 *
 * <p>{@code conv_transpose2d} with a fused activation lowers to opcode 29 (format 1.2: opcode 2's
 * words plus the activation), without one to opcode 2, whose words format 1.0 fixed.
 */
final class Lowering {
    private Lowering() {}

    static OpSpec lower(Node n) {
        Op op = n.op();
        List<Value> ins = new ArrayList<>(n.inputs());
        List<Value> outs = n.outputs();
        for (Value v : ins) {
            requireStatic(n, v);
        }
        for (Value v : outs) {
            requireStatic(n, v);
        }
        if (!ins.isEmpty() && ins.get(0).dtype() == DType.I8 && !(op instanceof Quantize)) {
            OpSpec q = QuantizedLowering.lower(n);
            if (q != null) {
                return q;
            }
        }
        if (op instanceof Conv2d c) {
            nhwc(n, c.layout());
            constantWeight(n, ins.get(1));
            return spec(n, OpCode.CONV2D, ins, c.strides()[0], c.strides()[1], c.dilations()[0], c.dilations()[1],
                    c.pads()[0], c.pads()[1], c.pads()[2], c.pads()[3], c.group(), act(c.activation()));
        }
        if (op instanceof ConvTranspose2d c) {
            nhwc(n, c.layout());
            constantWeight(n, ins.get(1));
            int[] words = {c.strides()[0], c.strides()[1], c.dilations()[0], c.dilations()[1], c.pads()[0],
                c.pads()[1], c.pads()[2], c.pads()[3], c.outputPadding()[0], c.outputPadding()[1]};
            if (c.activation() == Activation.NONE) {
                // Opcode 2 (format 1.0) where it suffices, so that older runtimes still read the file.
                return spec(n, OpCode.CONV_TRANSPOSE2D, ins, words);
            }
            int[] withAct = Arrays.copyOf(words, words.length + 1);
            withAct[words.length] = act(c.activation());
            return spec(n, OpCode.CONV_TRANSPOSE2D_ACT, ins, withAct);
        }
        if (op instanceof BatchNorm b) {
            if (b.layout() == Layout.NCHW) {
                nhwc(n, b.layout());
            }
            return spec(n, OpCode.BATCH_NORM, ins, Float.floatToRawIntBits(b.epsilon()),
                    b.channelAxis(ins.get(0).type().rank()));
        }
        if (op instanceof Binary b) {
            return spec(n, switch (b.kind()) {
                case ADD -> OpCode.ADD;
                case SUB -> OpCode.SUB;
                case MUL -> OpCode.MUL;
                case DIV -> OpCode.DIV;
            }, ins, act(b.activation()));
        }
        if (op instanceof Relu) {
            return spec(n, OpCode.RELU, ins);
        }
        if (op instanceof Clip c) {
            return spec(n, OpCode.CLIP, ins, Float.floatToRawIntBits(c.min()), Float.floatToRawIntBits(c.max()));
        }
        if (op instanceof Sigmoid) {
            return spec(n, OpCode.SIGMOID, ins);
        }
        if (op instanceof HardSigmoid h) {
            return spec(n, OpCode.HARD_SIGMOID, ins, Float.floatToRawIntBits(h.alpha()),
                    Float.floatToRawIntBits(h.beta()));
        }
        if (op instanceof HardSwish) {
            return spec(n, OpCode.HARD_SWISH, ins);
        }
        if (op instanceof LeakyRelu l) {
            return spec(n, OpCode.LEAKY_RELU, ins, Float.floatToRawIntBits(l.alpha()));
        }
        if (op instanceof AvgPool2d p) {
            nhwc(n, p.layout());
            return spec(n, OpCode.AVG_POOL2D, ins, p.kernel()[0], p.kernel()[1], p.strides()[0], p.strides()[1],
                    p.pads()[0], p.pads()[1], p.pads()[2], p.pads()[3], p.countIncludePad() ? 1 : 0);
        }
        if (op instanceof MaxPool2d p) {
            nhwc(n, p.layout());
            return spec(n, OpCode.MAX_POOL2D, ins, p.kernel()[0], p.kernel()[1], p.strides()[0], p.strides()[1],
                    p.pads()[0], p.pads()[1], p.pads()[2], p.pads()[3]);
        }
        if (op instanceof Mean m) {
            int[] w = new int[2 + m.axes().length];
            w[0] = m.keepDims() ? 1 : 0;
            w[1] = m.axes().length;
            System.arraycopy(m.axes(), 0, w, 2, m.axes().length);
            return spec(n, OpCode.MEAN, ins, w);
        }
        if (op instanceof Reshape) {
            return spec(n, OpCode.RESHAPE, ins);
        }
        if (op instanceof Identity) {
            return spec(n, OpCode.IDENTITY, ins);
        }
        if (op instanceof Transpose t) {
            int[] w = new int[1 + t.perm().length];
            w[0] = t.perm().length;
            System.arraycopy(t.perm(), 0, w, 1, t.perm().length);
            return spec(n, OpCode.TRANSPOSE, ins, w);
        }
        if (op instanceof Concat c) {
            return spec(n, OpCode.CONCAT, ins, c.axis());
        }
        if (op instanceof Softmax s) {
            return spec(n, OpCode.SOFTMAX, ins, s.axis());
        }
        if (op instanceof Pad p) {
            return pad(n, p, ins);
        }
        if (op instanceof Resize r) {
            nhwc(n, r.layout());
            return spec(n, OpCode.RESIZE, ins, r.mode() == Resize.Mode.LINEAR ? Format.RESIZE_LINEAR
                    : Format.RESIZE_NEAREST, coord(r.coord()), nearest(r.nearest()),
                    Float.floatToRawIntBits(r.scales()[0]), Float.floatToRawIntBits(r.scales()[1]));
        }
        if (op instanceof FullyConnected f) {
            constantWeight(n, ins.get(1));
            return spec(n, OpCode.FULLY_CONNECTED, ins, act(f.activation()));
        }
        if (op instanceof MatMul) {
            return spec(n, OpCode.MATMUL, ins);
        }
        if (op instanceof Gather g) {
            return spec(n, OpCode.GATHER, ins, g.axis());
        }
        if (op instanceof Slice s) {
            return slice(n, s, ins);
        }
        if (op instanceof Cast) {
            return spec(n, OpCode.CAST, ins);
        }
        if (op instanceof Quantize) {
            if (ins.get(0).dtype() == DType.I8 || ins.get(0).dtype() == DType.U8) {
                return QuantizedLowering.requantize(n);
            }
            return spec(n, OpCode.QUANTIZE, ins);
        }
        if (op instanceof Dequantize) {
            return spec(n, OpCode.DEQUANTIZE, ins);
        }
        throw new MncException(n.describe() + ": op " + op.name() + " has no native lowering");
    }

    static OpSpec spec(Node n, OpCode code, List<Value> ins, int... params) {
        return new OpSpec(n, code, ins, n.outputs(), params);
    }

    private static void requireStatic(Node n, Value v) {
        if (!v.shape().isStatic()) {
            throw new MncException(n.describe() + ": tensor " + v.name() + " has dynamic shape " + v.shape()
                    + "; bind every dimension (--input-shape) before compiling to .mnc");
        }
    }

    static void nhwc(Node n, Layout l) {
        if (l != Layout.NHWC) {
            throw new MncException(n.describe() + " is in " + l.text() + " layout; the native backend needs nhwc:"
                    + " run the layout-nhwc pass first");
        }
    }

    static void constantWeight(Node n, Value w) {
        if (!w.isConstant()) {
            throw new MncException(n.describe() + ": weight " + w.name()
                    + " is computed at run time; the native backend needs constant weights");
        }
    }

    static int act(Activation a) {
        return switch (a) {
            case NONE -> Format.ACT_NONE;
            case RELU -> Format.ACT_RELU;
            case RELU6 -> Format.ACT_RELU6;
            case RELU_N1_TO_1 -> Format.ACT_RELU_N1_TO_1;
        };
    }

    static int coord(Resize.CoordMode c) {
        return switch (c) {
            case HALF_PIXEL -> Format.COORD_HALF_PIXEL;
            case ASYMMETRIC -> Format.COORD_ASYMMETRIC;
            case ALIGN_CORNERS -> Format.COORD_ALIGN_CORNERS;
            case PYTORCH_HALF_PIXEL -> Format.COORD_PYTORCH_HALF_PIXEL;
            case TF_HALF_PIXEL_FOR_NN -> Format.COORD_TF_HALF_PIXEL_FOR_NN;
        };
    }

    static int nearest(Resize.NearestMode m) {
        return switch (m) {
            case ROUND_PREFER_FLOOR -> Format.NEAREST_ROUND_PREFER_FLOOR;
            case ROUND_PREFER_CEIL -> Format.NEAREST_ROUND_PREFER_CEIL;
            case FLOOR -> Format.NEAREST_FLOOR;
            case CEIL -> Format.NEAREST_CEIL;
        };
    }

    static OpSpec pad(Node n, Pad p, List<Value> ins) {
        return spec(n, OpCode.PAD, ins, padWords(p, ins.get(0).type().rank()));
    }

    /** The parameter words of pad and pad_q8. */
    static int[] padWords(Pad p, int rank) {
        int[] w = new int[3 + 2 * rank];
        w[0] = switch (p.mode()) {
            case CONSTANT -> Format.PAD_CONSTANT;
            case REFLECT -> Format.PAD_REFLECT;
            case EDGE -> Format.PAD_EDGE;
        };
        w[1] = Float.floatToRawIntBits(p.value());
        w[2] = rank;
        for (int d = 0; d < rank; d++) {
            w[3 + d] = Math.toIntExact(p.begin(d));
            w[3 + rank + d] = Math.toIntExact(p.end(d));
        }
        return w;
    }

    static OpSpec slice(Node n, Slice s, List<Value> ins) {
        Shape in = ins.get(0).shape();
        Shape out = n.output().shape();
        int rank = in.rank();
        int[] w = new int[1 + 2 * rank];
        w[0] = rank;
        for (int d = 0; d < rank; d++) {
            w[1 + 2 * d] = 0;
            w[2 + 2 * d] = 1;
        }
        for (int i = 0; i < s.axes().length; i++) {
            int axis = s.axes()[i];
            long[] r = s.range(i, in.size(axis));
            boolean empty = out.size(axis) == 0;
            w[1 + 2 * axis] = empty ? 0 : Math.toIntExact(r[0]);
            w[2 + 2 * axis] = Math.toIntExact(Math.max(-(1L << 30), Math.min(1L << 30, s.steps()[i])));
        }
        return spec(n, OpCode.SLICE, ins, w);
    }
}
