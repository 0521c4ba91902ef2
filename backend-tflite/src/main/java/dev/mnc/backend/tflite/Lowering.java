package dev.mnc.backend.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Rounding;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The state the op lowerings share while one graph is written: which TFLite tensor holds each IR
 * value, and helpers to add constants, intermediate tensors and operators to the
 * {@link ModelBuilder}. IR constants become constant tensors on first use; node outputs are
 * defined by the lowering of their node; an {@link #alias} lets a value share another's tensor
 * (identity, a clip that clamps nothing).
 */
final class Lowering {
    private final ModelBuilder model;
    private final Map<Value, Integer> tensors = new IdentityHashMap<>();

    Lowering(ModelBuilder model) {
        this.model = model;
    }

    ModelBuilder model() {
        return model;
    }

    /** Where option tables are built, before their operator is added. */
    FlatBufferBuilder fb() {
        return model.fb();
    }

    /** The tensor holding {@code v}; constants are created on first use. */
    int in(Value v) {
        Integer t = tensors.get(v);
        if (t != null) {
            return t;
        }
        if (!v.isConstant()) {
            throw new IllegalStateException(v.name() + " is read before its tensor exists");
        }
        int c = constant(v.name(), v.data(), v.quant());
        tensors.put(v, c);
        return c;
    }

    /** Creates the tensor of a node output or graph input, named after the value. */
    int define(Value v) {
        if (tensors.containsKey(v)) {
            throw new IllegalStateException(v.name() + " is defined twice");
        }
        int t = model.tensor(v.name(), v.dtype(), dims(v), v.quant());
        tensors.put(v, t);
        return t;
    }

    /** Lets {@code v} share the tensor of {@code target} (no operator is written). */
    void alias(Value v, Value target) {
        tensors.put(v, in(target));
    }

    /** A constant tensor holding {@code data} (its shape and type), with optional quantization. */
    int constant(String name, TensorData data, QuantParams quant) {
        int[] shape = data.shape().toIntArray();
        if (data.size() == 0) {
            throw new MncException("constant " + name + " has no elements; TFLite cannot hold an empty constant");
        }
        return model.constant(name, data.dtype(), shape, data.toLittleEndian(), quant);
    }

    /** A 1-D int32 constant: shapes, axes, permutations. */
    int int32(String name, int... values) {
        return int32(name, new int[] {values.length}, values);
    }

    /** An int32 constant of the given shape. */
    int int32(String name, int[] shape, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return model.constant(name, DType.I32, shape, b.array(), null);
    }

    /**
     * A one-element constant of {@code like}'s type holding {@code value}: the float itself, or for
     * a quantized {@code like} the value quantized with its (per-tensor) parameters and clamped to
     * the type's range, so that infinities become the type's extremes.
     */
    int scalarLike(String name, Value like, float value, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        DType t = like.dtype();
        QuantParams q = like.quant();
        TensorData d;
        if (t == DType.F32) {
            d = TensorData.ofFloats(Shape.of(shape), value);
        } else if (t == DType.I8 || t == DType.U8 || t == DType.I16) {
            if (q == null || !q.isPerTensor()) {
                throw new MncException(like.name() + " is " + t + " without per-tensor quantization parameters");
            }
            long min = t == DType.I8 ? -128 : t == DType.U8 ? 0 : Short.MIN_VALUE;
            long max = t == DType.I8 ? 127 : t == DType.U8 ? 255 : Short.MAX_VALUE;
            // TFLite rounds half away from zero before adding the zero point.
            double scaled = (double) value / q.scale();
            double rounded = Rounding.halfAwayFromZero(scaled) + q.zeroPoint();
            long v = Double.isNaN(scaled) ? q.zeroPoint() : (long) Math.max(min, Math.min(max, rounded));
            d = t == DType.I16 ? TensorData.ofShorts(Shape.of(shape), (short) v)
                    : TensorData.ofBytes(t, Shape.of(shape), (byte) v);
        } else if (t == DType.I32) {
            d = TensorData.ofInts(Shape.of(shape), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
        } else {
            throw new MncException(like.name() + " is " + t + "; a " + t + " constant operand is not supported");
        }
        return model.constant(name, t, shape, d.toLittleEndian(), q);
    }

    /** An intermediate tensor without data. */
    int activation(String name, DType dtype, int[] shape, QuantParams quant) {
        return model.tensor(name, dtype, shape, quant);
    }

    /** An intermediate tensor typed like {@code like} (dtype and quantization) with a new shape. */
    int activationLike(String name, Value like, int[] shape) {
        return model.tensor(name, like.dtype(), shape, like.quant());
    }

    /** Adds an operator (see {@link ModelBuilder#operator}). */
    void op(int builtin, int[] in, int[] out, byte optionsType, int options) {
        model.operator(builtin, in, out, optionsType, options, EnumSet.noneOf(OpVersions.Feature.class));
    }

    void op(int builtin, int[] in, int[] out, byte optionsType, int options, Set<OpVersions.Feature> features) {
        model.operator(builtin, in, out, optionsType, options, features);
    }

    /** The static shape of {@code v} as ints; a dynamic dim is an error the user fixes by binding it. */
    static int[] dims(Value v) {
        Shape s = v.shape();
        if (!s.isStatic()) {
            throw new MncException(v.name() + " has the dynamic shape " + s
                    + "; TFLite needs static shapes here: bind the dynamic dims (--input-shape)");
        }
        return s.toIntArray();
    }
}
