package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.Activation;
import java.util.Arrays;
import java.util.List;

/**
 * What an op builder sees of one op record: its slots, a reader over its parameter words, and
 * checks that fail with a {@link ModelFormatException} naming the file and the op. Builders read
 * every parameter and then call {@link #endParams()}, so a record with too few or too many words is
 * rejected.
 */
final class OpContext {
    final ModelFile.OpRecord record;
    private final List<Slot> slots;
    private final String source;
    private int param;

    OpContext(ModelFile.OpRecord record, List<Slot> slots, String source) {
        this.record = record;
        this.slots = slots;
        this.source = source;
    }

    ModelFormatException fail(String problem) {
        return new ModelFormatException(source, record.describe() + ": " + problem);
    }

    Slot[] inputSlots() {
        Slot[] s = new Slot[record.inputs().length];
        for (int i = 0; i < s.length; i++) {
            int t = record.inputs()[i];
            s[i] = t == Format.NO_TENSOR ? null : slots.get(t);
        }
        return s;
    }

    Slot[] outputSlots() {
        Slot[] s = new Slot[record.outputs().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = slots.get(record.outputs()[i]);
        }
        return s;
    }

    /** Checks the number of input slots and that exactly one output exists. */
    void arity(int minIn, int maxIn) throws ModelFormatException {
        int n = record.inputs().length;
        if (n < minIn || n > maxIn) {
            throw fail("takes " + (minIn == maxIn ? "" + minIn : minIn + " to " + maxIn) + " inputs, has " + n);
        }
        if (record.outputs().length != 1) {
            throw fail("has one output, the record lists " + record.outputs().length);
        }
    }

    int inputCount() {
        return record.inputs().length;
    }

    /** Required input i. */
    Slot in(int i) throws ModelFormatException {
        Slot s = optIn(i);
        if (s == null) {
            throw fail("input " + i + " is missing");
        }
        return s;
    }

    /** Optional input i, or null. */
    Slot optIn(int i) {
        if (i >= record.inputs().length || record.inputs()[i] == Format.NO_TENSOR) {
            return null;
        }
        return slots.get(record.inputs()[i]);
    }

    Slot out() {
        return slots.get(record.outputs()[0]);
    }

    int i() throws ModelFormatException {
        if (param >= record.params().length) {
            throw fail("has too few parameter words (" + record.params().length + ")");
        }
        return record.params()[param++];
    }

    /** A parameter that must lie in [lo, hi]. */
    int i(String what, int lo, int hi) throws ModelFormatException {
        int v = i();
        if (v < lo || v > hi) {
            throw fail(what + " " + v + " is outside [" + lo + ", " + hi + "]");
        }
        return v;
    }

    float f() throws ModelFormatException {
        return Float.intBitsToFloat(i());
    }

    /** A parameter float that must be finite. */
    float finite(String what) throws ModelFormatException {
        float v = f();
        if (!Float.isFinite(v)) {
            throw fail(what + " " + v + " is not finite");
        }
        return v;
    }

    void endParams() throws ModelFormatException {
        if (param != record.params().length) {
            throw fail("has " + record.params().length + " parameter words, expected " + param);
        }
    }

    Activation activation() throws ModelFormatException {
        int code = i("activation", Format.ACT_NONE, Format.ACT_RELU_N1_TO_1);
        return switch (code) {
            case Format.ACT_RELU -> new Activation(0f, Float.POSITIVE_INFINITY);
            case Format.ACT_RELU6 -> new Activation(0f, 6f);
            case Format.ACT_RELU_N1_TO_1 -> new Activation(-1f, 1f);
            default -> Activation.NONE;
        };
    }

    void requireType(Slot s, DType t, String what) throws ModelFormatException {
        if (s.dtype != t) {
            throw fail(what + " '" + s.name + "' is " + s.dtype.text() + ", expected " + t.text());
        }
    }

    void requireRank(Slot s, int rank, String what) throws ModelFormatException {
        if (s.rank() != rank) {
            throw fail(what + " '" + s.name + "' has shape " + Arrays.toString(s.shape) + ", expected rank " + rank);
        }
    }

    void requireShape(Slot s, int[] shape, String what) throws ModelFormatException {
        if (!Arrays.equals(s.shape, shape)) {
            throw fail(what + " '" + s.name + "' has shape " + Arrays.toString(s.shape) + ", expected "
                    + Arrays.toString(shape));
        }
    }

    void requireConstant(Slot s, String what) throws ModelFormatException {
        if (s.constant == null) {
            throw fail(what + " '" + s.name + "' must be a constant");
        }
    }

    /**
     * The per-tensor quantization of an 8-bit tensor of the given type; a missing or per-axis entry
     * is refused naming the tensor.
     */
    ModelFile.QuantRecord perTensor(Slot s, DType type, String what) throws ModelFormatException {
        requireType(s, type, what);
        ModelFile.QuantRecord q = s.quant;
        if (q == null || q.axis() != -1) {
            throw fail(what + " '" + s.name + "' needs per-tensor quantization parameters");
        }
        return q;
    }

    /**
     * The per-tensor quantization of an int8 input, which the int8 output must share: the ops that
     * only move or select values (pad, pooling, resize) do not rescale, as in TFLite.
     *
     * @param op what the op does, for the message ("pooling")
     */
    ModelFile.QuantRecord sameQuantization(Slot x, Slot y, String op) throws ModelFormatException {
        ModelFile.QuantRecord qx = perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = perTensor(y, DType.I8, "output");
        if (qx.scales()[0] != qy.scales()[0] || qx.zeroPoints()[0] != qy.zeroPoints()[0]) {
            throw fail("input and output quantization differ; int8 " + op + " keeps the input's scale and zero point");
        }
        return qx;
    }

    /**
     * The scales of a symmetric int8 weight tensor quantized per tensor or along axis 0, repeated to
     * one per output slice ({@code slices} of them); zero points must be 0, as TFLite requires.
     */
    float[] weightScales(Slot w, int slices) throws ModelFormatException {
        requireType(w, DType.I8, "weight");
        requireConstant(w, "weight");
        ModelFile.QuantRecord q = w.quant;
        if (q == null || (q.axis() != -1 && q.axis() != 0)) {
            throw fail("weight '" + w.name + "' needs quantization per tensor or along axis 0");
        }
        for (int z : q.zeroPoints()) {
            if (z != 0) {
                throw fail("weight '" + w.name + "' has zero point " + z + "; int8 weights are symmetric (zero point 0)");
            }
        }
        float[] out = new float[slices];
        for (int i = 0; i < slices; i++) {
            out[i] = q.scales()[q.axis() == -1 ? 0 : i];
        }
        return out;
    }

    /** An int from a long that must be a valid non-negative size. */
    int size(long v, String what) throws ModelFormatException {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw fail(what + " " + v + " is out of range");
        }
        return (int) v;
    }
}
