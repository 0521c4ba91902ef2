package dev.mnc.backend.tflite;

import dev.mnc.ir.DType;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.Pad;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.ir.ops.Transpose;
import java.util.Arrays;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.CastOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;
import org.tensorflow.lite.schema.GatherOptions;
import org.tensorflow.lite.schema.MirrorPadMode;
import org.tensorflow.lite.schema.MirrorPadOptions;
import org.tensorflow.lite.schema.ReshapeOptions;
import org.tensorflow.lite.schema.SoftmaxOptions;
import org.tensorflow.lite.schema.StridedSliceOptions;

/**
 * Lowers ops that move or select data: reshape, transpose, concat, softmax, pad, slice, gather,
 * cast, quantize and dequantize. Shapes, axes, permutations and paddings become int32 constants.
 *
 * <p>Padding: constant zeros is PAD, another constant PADV2, reflect MIRROR_PAD(REFLECT). Edge
 * padding has no TFLite op, but MIRROR_PAD(SYMMETRIC), which mirrors including the border, repeats
 * the edge exactly when it pads by one; edge padding by p is therefore p SYMMETRIC pads by at most
 * one per side. Slices with all steps 1 are SLICE (begin, size); others STRIDED_SLICE, where a
 * negative-step slice that runs through index 0 sets the axis' end-mask bit (an end of -1 would
 * mean the last element to TFLite).
 */
final class TensorOpLowering {
    private TensorOpLowering() {}

    static void reshape(Lowering l, Node n, Reshape op) {
        Value y = n.output();
        int[] shape = Lowering.dims(y);
        if (shape.length == 0) {
            throw Unsupported.of(n, "it reshapes to a scalar", "reshape to [1] instead");
        }
        int shapeT = l.int32(y.name() + "/shape", shape);
        int opts = ReshapeOptions.createReshapeOptions(l.fb(), ReshapeOptions.createNewShapeVector(l.fb(), shape));
        l.op(BuiltinOperator.RESHAPE, new int[] {l.in(n.input(0)), shapeT}, new int[] {l.define(y)},
                BuiltinOptions.ReshapeOptions, opts);
    }

    static void transpose(Lowering l, Node n, Transpose op) {
        Value y = n.output();
        int perm = l.int32(y.name() + "/perm", op.perm());
        l.op(BuiltinOperator.TRANSPOSE, new int[] {l.in(n.input(0)), perm}, new int[] {l.define(y)},
                BuiltinOptions.NONE, 0);
    }

    static void concat(Lowering l, Node n, Concat op) {
        int[] in = new int[n.numInputs()];
        for (int i = 0; i < in.length; i++) {
            in[i] = l.in(n.input(i));
        }
        l.op(BuiltinOperator.CONCATENATION, in, new int[] {l.define(n.output())}, BuiltinOptions.ConcatenationOptions,
                ConcatenationOptions.createConcatenationOptions(l.fb(), op.axis(), ActivationFunctionType.NONE));
    }

    static void softmax(Lowering l, Node n, Softmax op) {
        int rank = n.input(0).type().rank();
        if (op.axis() != rank - 1) {
            throw Unsupported.of(n, "it normalizes axis " + op.axis() + " of a rank-" + rank
                    + " tensor and TFLite's SOFTMAX normalizes the last axis", "move that axis last before the softmax");
        }
        l.op(BuiltinOperator.SOFTMAX, new int[] {l.in(n.input(0))}, new int[] {l.define(n.output())},
                BuiltinOptions.SoftmaxOptions, SoftmaxOptions.createSoftmaxOptions(l.fb(), 1f));
    }

    static void pad(Lowering l, Node n, Pad op) {
        Value x = n.input(0);
        Value y = n.output();
        int rank = x.type().rank();
        int[] pairs = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            pairs[2 * i] = Math.toIntExact(op.begin(i));
            pairs[2 * i + 1] = Math.toIntExact(op.end(i));
        }
        int xt = l.in(x);
        switch (op.mode()) {
            case CONSTANT -> {
                int paddings = l.int32(y.name() + "/paddings", new int[] {rank, 2}, pairs);
                if (op.value() == 0f) {
                    l.op(BuiltinOperator.PAD, new int[] {xt, paddings}, new int[] {l.define(y)}, BuiltinOptions.NONE, 0);
                } else {
                    int value = l.scalarLike(y.name() + "/value", x, op.value(), 0);
                    l.op(BuiltinOperator.PADV2, new int[] {xt, paddings, value}, new int[] {l.define(y)},
                            BuiltinOptions.NONE, 0);
                }
            }
            case REFLECT -> mirrorPad(l, xt, pairs, MirrorPadMode.REFLECT, l.define(y), y.name());
            case EDGE -> edgePad(l, x, xt, pairs, y);
        }
    }

    private static void mirrorPad(Lowering l, int in, int[] pairs, byte mode, int out, String name) {
        int paddings = l.int32(name + "/paddings", new int[] {pairs.length / 2, 2}, pairs);
        l.op(BuiltinOperator.MIRROR_PAD, new int[] {in, paddings}, new int[] {out}, BuiltinOptions.MirrorPadOptions,
                MirrorPadOptions.createMirrorPadOptions(l.fb(), mode));
    }

    /** Edge padding as repeated symmetric padding by at most one per side. */
    private static void edgePad(Lowering l, Value x, int xt, int[] pairs, Value y) {
        int steps = 0;
        for (int p : pairs) {
            steps = Math.max(steps, p);
        }
        if (steps == 0) {
            l.alias(y, x);
            return;
        }
        int[] shape = Lowering.dims(x);
        int[] left = pairs.clone();
        int t = xt;
        for (int step = 0; step < steps; step++) {
            int[] now = new int[left.length];
            for (int i = 0; i < left.length; i++) {
                now[i] = Math.min(left[i], 1);
                left[i] -= now[i];
                shape[i / 2] += now[i];
            }
            boolean last = step == steps - 1;
            int out = last ? l.define(y) : l.activationLike(y.name() + "/edge" + step, y, shape);
            mirrorPad(l, t, now, MirrorPadMode.SYMMETRIC, out, y.name() + "/edge" + step);
            t = out;
        }
    }

    static void slice(Lowering l, Node n, Slice op) {
        Value x = n.input(0);
        Value y = n.output();
        int[] xs = Lowering.dims(x);
        int rank = xs.length;
        int[] begin = new int[rank];
        int[] end = xs.clone();
        int[] strides = new int[rank];
        Arrays.fill(strides, 1);
        int endMask = 0;
        boolean unitSteps = true;
        int[] axes = op.axes();
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            if (op.count(i, xs[a]) == 0) {
                throw Unsupported.of(n, "it selects nothing along axis " + a, "remove the empty slice");
            }
            long[] r = op.range(i, xs[a]);
            begin[a] = (int) r[0];
            end[a] = (int) r[1];
            // A step past the axis' length picks the same single element as a step of exactly that length.
            long step = op.steps()[i];
            strides[a] = (int) Math.max(-Math.max(xs[a], 1), Math.min(Math.max(xs[a], 1), step));
            unitSteps &= strides[a] == 1;
            if (strides[a] < 0 && end[a] == -1) {
                endMask |= 1 << a;
                end[a] = 0;
            }
        }
        int xt = l.in(x);
        if (unitSteps) {
            int[] size = new int[rank];
            for (int a = 0; a < rank; a++) {
                size[a] = end[a] - begin[a];
            }
            int b = l.int32(y.name() + "/begin", begin);
            int s = l.int32(y.name() + "/size", size);
            l.op(BuiltinOperator.SLICE, new int[] {xt, b, s}, new int[] {l.define(y)}, BuiltinOptions.NONE, 0);
            return;
        }
        int b = l.int32(y.name() + "/begin", begin);
        int e = l.int32(y.name() + "/end", end);
        int s = l.int32(y.name() + "/strides", strides);
        int opts = StridedSliceOptions.createStridedSliceOptions(l.fb(), 0, endMask, 0, 0, 0, false);
        l.op(BuiltinOperator.STRIDED_SLICE, new int[] {xt, b, e, s}, new int[] {l.define(y)},
                BuiltinOptions.StridedSliceOptions, opts);
    }

    static void gather(Lowering l, Node n, Gather op) {
        Value data = n.input(0);
        Value idx = n.input(1);
        Value y = n.output();
        int it;
        if (idx.isConstant()) {
            // TFLite rejects negative indices; constants are normalized (and narrowed to int32) here.
            long size = Lowering.dims(data)[op.axis()];
            long[] v = idx.data().toLongs();
            int[] norm = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                long k = v[i] < 0 ? v[i] + size : v[i];
                if (k < 0 || k >= size) {
                    throw Unsupported.of(n, "index " + v[i] + " is out of range for axis " + op.axis() + " of size " + size,
                            "fix the gather indices");
                }
                norm[i] = (int) k;
            }
            it = l.constant(idx.name(), TensorData.ofInts(Shape.of(Lowering.dims(idx)), norm), null);
        } else {
            it = l.in(idx);
        }
        l.op(BuiltinOperator.GATHER, new int[] {l.in(data), it}, new int[] {l.define(y)}, BuiltinOptions.GatherOptions,
                GatherOptions.createGatherOptions(l.fb(), op.axis(), 0));
    }

    static void cast(Lowering l, Node n, Cast op) {
        Value x = n.input(0);
        int opts = CastOptions.createCastOptions(l.fb(), TfliteTypes.code(x.dtype()), TfliteTypes.code(op.to()));
        l.op(BuiltinOperator.CAST, new int[] {l.in(x)}, new int[] {l.define(n.output())}, BuiltinOptions.CastOptions,
                opts);
    }

    /** QUANTIZE (float to integer, or integer requantization) into the output's quantization parameters. */
    static void quantize(Lowering l, Node n) {
        Value y = n.output();
        if (y.quant() == null) {
            throw Unsupported.of(n, "its output " + y.name() + " has no quantization parameters",
                    "give the quantized value its scale and zero point");
        }
        ElementwiseLowering.unary(l, n, BuiltinOperator.QUANTIZE);
    }

    /** DEQUANTIZE with the input's quantization parameters. */
    static void dequantize(Lowering l, Node n) {
        Value x = n.input(0);
        if (x.quant() == null || x.dtype() == DType.F32) {
            throw Unsupported.of(n, "its input " + x.name() + " is not a quantized tensor",
                    "dequantize only quantized values");
        }
        ElementwiseLowering.unary(l, n, BuiltinOperator.DEQUANTIZE);
    }
}
