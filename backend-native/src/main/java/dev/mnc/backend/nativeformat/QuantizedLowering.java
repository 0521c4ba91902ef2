package dev.mnc.backend.nativeformat;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.Dequantize;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.Identity;
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
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.OpCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers the ops of a quantized graph (data input {@code i8}) to the runtime's int8 opcodes
 * (FORMAT.md, format 1.1), with the parameter words of their float counterparts. Checks what the
 * runtime's integer kernels need and names the node when a graph does not provide it:
 * per-tensor parameters on activations, symmetric int8 weights per tensor or per output channel,
 * int32 biases, no rescaling in ops that only move or select data. The multipliers themselves are
 * derived by the runtime at load, from the scales in the tensor table, so a file holds only the
 * IR's real-valued parameters.
 */
final class QuantizedLowering {
    private QuantizedLowering() {}

    /** The int8 op for {@code n}, or null when the type-generic float lowering applies (data movement, dequantize). */
    static OpSpec lower(Node n) {
        Op op = n.op();
        List<Value> ins = new ArrayList<>(n.inputs());
        if (op instanceof Reshape || op instanceof Identity || op instanceof Transpose || op instanceof Slice
                || op instanceof Gather || op instanceof Dequantize) {
            return null;
        }
        if (op instanceof Concat) {
            for (Value v : ins) {
                sameQuant(n, v, n.output());
            }
            return null;
        }
        for (Value v : n.outputs()) {
            activation(n, v);
        }
        activation(n, ins.get(0));
        if (op instanceof Conv2d c) {
            Lowering.nhwc(n, c.layout());
            weights(n, ins);
            return Lowering.spec(n, OpCode.CONV2D_Q8, ins, c.strides()[0], c.strides()[1], c.dilations()[0],
                    c.dilations()[1], c.pads()[0], c.pads()[1], c.pads()[2], c.pads()[3], c.group(),
                    Lowering.act(c.activation()));
        }
        if (op instanceof FullyConnected f) {
            weights(n, ins);
            return Lowering.spec(n, OpCode.FULLY_CONNECTED_Q8, ins, Lowering.act(f.activation()));
        }
        if (op instanceof Binary b) {
            activation(n, ins.get(1));
            OpCode code = switch (b.kind()) {
                case ADD -> OpCode.ADD_Q8;
                case SUB -> OpCode.SUB_Q8;
                case MUL -> OpCode.MUL_Q8;
                case DIV -> throw new MncException(n.describe() + ": an int8 div has no integer kernel (TFLite has none"
                        + " either); keep this division in float or make it a mul by the reciprocal");
            };
            return Lowering.spec(n, code, ins, Lowering.act(b.activation()));
        }
        if (op instanceof AvgPool2d p) {
            Lowering.nhwc(n, p.layout());
            sameQuant(n, ins.get(0), n.output());
            return Lowering.spec(n, OpCode.AVG_POOL2D_Q8, ins, p.kernel()[0], p.kernel()[1], p.strides()[0],
                    p.strides()[1], p.pads()[0], p.pads()[1], p.pads()[2], p.pads()[3], p.countIncludePad() ? 1 : 0);
        }
        if (op instanceof MaxPool2d p) {
            Lowering.nhwc(n, p.layout());
            sameQuant(n, ins.get(0), n.output());
            return Lowering.spec(n, OpCode.MAX_POOL2D_Q8, ins, p.kernel()[0], p.kernel()[1], p.strides()[0],
                    p.strides()[1], p.pads()[0], p.pads()[1], p.pads()[2], p.pads()[3]);
        }
        if (op instanceof Mean m) {
            int[] w = new int[2 + m.axes().length];
            w[0] = m.keepDims() ? 1 : 0;
            w[1] = m.axes().length;
            System.arraycopy(m.axes(), 0, w, 2, m.axes().length);
            return Lowering.spec(n, OpCode.MEAN_Q8, ins, w);
        }
        if (op instanceof Softmax s) {
            return Lowering.spec(n, OpCode.SOFTMAX_Q8, ins, s.axis());
        }
        if (op instanceof Sigmoid) {
            return Lowering.spec(n, OpCode.SIGMOID_Q8, ins);
        }
        if (op instanceof HardSwish) {
            return Lowering.spec(n, OpCode.HARD_SWISH_Q8, ins);
        }
        if (op instanceof Relu) {
            return Lowering.spec(n, OpCode.CLIP_Q8, ins, Float.floatToRawIntBits(0f),
                    Float.floatToRawIntBits(Float.POSITIVE_INFINITY));
        }
        if (op instanceof Clip c) {
            return Lowering.spec(n, OpCode.CLIP_Q8, ins, Float.floatToRawIntBits(c.min()),
                    Float.floatToRawIntBits(c.max()));
        }
        if (op instanceof Resize r) {
            Lowering.nhwc(n, r.layout());
            sameQuant(n, ins.get(0), n.output());
            return Lowering.spec(n, OpCode.RESIZE_Q8, ins, r.mode() == Resize.Mode.LINEAR ? Format.RESIZE_LINEAR
                    : Format.RESIZE_NEAREST, Lowering.coord(r.coord()), Lowering.nearest(r.nearest()),
                    Float.floatToRawIntBits(r.scales()[0]), Float.floatToRawIntBits(r.scales()[1]));
        }
        if (op instanceof Pad p) {
            sameQuant(n, ins.get(0), n.output());
            return Lowering.spec(n, OpCode.PAD_Q8, ins, Lowering.padWords(p, ins.get(0).type().rank()));
        }
        throw new MncException(n.describe() + ": op " + op.name() + " has no int8 kernel in the native runtime;"
                + " keep it in float (dequantize before it, quantize after it)");
    }

    /** quantize from i8 or u8: a requantization between 8-bit types. */
    static OpSpec requantize(Node n) {
        Value x = n.input(0);
        Value y = n.output();
        if (y.dtype() != DType.I8 && y.dtype() != DType.U8) {
            throw new MncException(n.describe() + ": requantizing " + x.dtype() + " to " + y.dtype()
                    + " is not supported by the native runtime; requantize between i8 and u8");
        }
        perTensor(n, x);
        perTensor(n, y);
        return Lowering.spec(n, OpCode.REQUANTIZE, new ArrayList<>(n.inputs()));
    }

    /** An int8 activation: per-tensor parameters. */
    private static void activation(Node n, Value v) {
        if (v.dtype() != DType.I8) {
            throw new MncException(n.describe() + ": " + v.name() + " is " + v.dtype() + " in an int8 op; quantize"
                    + " every activation of the op to i8");
        }
        perTensor(n, v);
    }

    private static void perTensor(Node n, Value v) {
        QuantParams q = v.quant();
        if (q == null || !q.isPerTensor()) {
            throw new MncException(n.describe() + ": " + v.name() + " needs per-tensor quantization parameters"
                    + (q == null ? " and has none" : ", not per-axis ones"));
        }
    }

    /** Constant symmetric int8 weights (per tensor or along axis 0) and an optional int32 bias. */
    private static void weights(Node n, List<Value> ins) {
        Value w = ins.get(1);
        Lowering.constantWeight(n, w);
        QuantParams q = w.quant();
        if (w.dtype() != DType.I8 || q == null || (q.axis() != -1 && q.axis() != 0)) {
            throw new MncException(n.describe() + ": weight " + w.name() + " must be i8, quantized per tensor or"
                    + " along axis 0 (the output channel)");
        }
        for (int z : q.zeroPoints()) {
            if (z != 0) {
                throw new MncException(n.describe() + ": weight " + w.name() + " has zero point " + z
                        + "; int8 weights are symmetric (zero point 0)");
            }
        }
        if (ins.size() > 2 && ins.get(2).dtype() != DType.I32) {
            throw new MncException(n.describe() + ": bias " + ins.get(2).name() + " is " + ins.get(2).dtype()
                    + "; an int8 op takes an i32 bias (scale = input scale x weight scale)");
        }
    }

    private static void sameQuant(Node n, Value in, Value out) {
        if (in.quant() == null || !in.quant().equals(out.quant()) || in.dtype() != out.dtype()) {
            throw new MncException(n.describe() + ": " + in.name() + " " + in.quant() + " and " + out.name() + " "
                    + out.quant() + " differ; " + n.op().name() + " on int8 keeps the quantization of its input");
        }
    }
}
