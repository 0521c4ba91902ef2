package dev.mnc.testdata;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteAffineQuantization;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteBool;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt16;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt64;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt8;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteUInt8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteAffineQuantization;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * The TFLite interpreter as the oracle for TFLite semantics: loads a {@code .tflite} model from
 * bytes and runs it with TFLite's own kernels.
 *
 * <p>The op resolver is {@code BuiltinOpResolverWithoutDefaultDelegates}: the default resolver
 * applies the XNNPACK delegate, whose int8 results differ from the reference kernels by several
 * LSB, so it would be an oracle for XNNPACK rather than for TFLite. The model is loaded through
 * TFLite's flatbuffer verifier, so a structurally malformed file is refused. The interpreter runs on one
 * thread. Inputs are set in the model's input order: {@code float[]} for float32, {@code byte[]}
 * for int8 and uint8 (the bytes as stored), {@code int[]} for int32. Outputs come back as copies
 * with their name, type, shape and quantization. Close the oracle to free native memory.
 */
public final class TfliteOracle implements AutoCloseable {

    /** Element types the oracle passes in and out, with TFLite's type codes. */
    public enum Type {
        FLOAT32(kTfLiteFloat32, 4), INT32(kTfLiteInt32, 4), UINT8(kTfLiteUInt8, 1), INT64(kTfLiteInt64, 8),
        BOOL(kTfLiteBool, 1), INT16(kTfLiteInt16, 2), INT8(kTfLiteInt8, 1);

        private final int code;
        private final int byteSize;

        Type(int code, int byteSize) {
            this.code = code;
            this.byteSize = byteSize;
        }

        public int byteSize() {
            return byteSize;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new OracleException("TFLite tensor type " + code + " is not supported by the oracle", null);
        }
    }

    /**
     * Affine quantization of a tensor: real = scale * (q - zeroPoint), one pair per slice along
     * {@code quantizedDimension} when there are several.
     */
    public record Quant(float[] scales, long[] zeroPoints, int quantizedDimension) {
        public float scale() {
            return scales[0];
        }

        public long zeroPoint() {
            return zeroPoints[0];
        }

        @Override
        public String toString() {
            return "Quant" + Arrays.toString(scales) + Arrays.toString(zeroPoints) + "@" + quantizedDimension;
        }
    }

    /**
     * A tensor as the interpreter holds it: name, type, shape, quantization (null when none) and
     * its bytes in the machine's (little-endian) order; {@code raw} is empty for descriptions.
     */
    public record Tensor(String name, Type type, int[] shape, Quant quant, byte[] raw) {
        public long numElements() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        private ByteBuffer buffer() {
            return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The values of a float32 tensor. */
        public float[] floats() {
            requireType(Type.FLOAT32);
            float[] out = new float[raw.length / 4];
            buffer().asFloatBuffer().get(out);
            return out;
        }

        /** The values of an integer tensor (int8, uint8 read unsigned, int16, int32), widened to int. */
        public int[] ints() {
            ByteBuffer b = buffer();
            int n = raw.length / type.byteSize;
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = switch (type) {
                    case INT8, BOOL -> b.get(i);
                    case UINT8 -> b.get(i) & 0xff;
                    case INT16 -> b.getShort(2 * i);
                    case INT32 -> b.getInt(4 * i);
                    default -> throw new OracleException(name + " is " + type + ", not a narrow integer tensor", null);
                };
            }
            return out;
        }

        /** Real values: float32 as is, quantized integers through scale and zero point (per-tensor). */
        public float[] dequantized() {
            if (type == Type.FLOAT32) {
                return floats();
            }
            if (quant == null || quant.scales().length != 1) {
                throw new OracleException(name + " has no per-tensor quantization to dequantize with", null);
            }
            int[] q = ints();
            float[] out = new float[q.length];
            for (int i = 0; i < q.length; i++) {
                out[i] = quant.scale() * (q[i] - quant.zeroPoint());
            }
            return out;
        }

        private void requireType(Type t) {
            if (type != t) {
                throw new OracleException(name + " is " + type + ", not " + t, null);
            }
        }

        @Override
        public String toString() {
            return name + ": " + type + Arrays.toString(shape) + (quant == null ? "" : " " + quant);
        }
    }

    /** Thrown when TFLite rejects the model or fails to run it; TFLite prints its reason to stderr. */
    public static final class OracleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OracleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final BytePointer modelBytes;
    private final FlatBufferModel model;
    private final BuiltinOpResolverWithoutDefaultDelegates resolver;
    private final Interpreter interpreter;
    private final int[] inputIndices;
    private final int[] outputIndices;
    private boolean closed;

    private TfliteOracle(byte[] bytes) {
        // The model keeps pointing into this buffer: it must live as long as the interpreter.
        modelBytes = new BytePointer(bytes.length);
        modelBytes.put(bytes, 0, bytes.length);
        // Verified loading: a structurally malformed flatbuffer is rejected instead of read.
        model = FlatBufferModel.VerifyAndBuildFromBuffer(modelBytes, bytes.length);
        if (model == null || model.isNull()) {
            modelBytes.close();
            throw new OracleException("TFLite could not read the model (see stderr)", null);
        }
        resolver = new BuiltinOpResolverWithoutDefaultDelegates();
        interpreter = new Interpreter();
        try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
            if (builder.apply(interpreter) != kTfLiteOk) {
                throw fail("TFLite could not build an interpreter for the model (see stderr)");
            }
        }
        if (interpreter.SetNumThreads(1) != kTfLiteOk || interpreter.AllocateTensors() != kTfLiteOk) {
            throw fail("TFLite could not allocate the model's tensors (see stderr)");
        }
        inputIndices = indices(interpreter.inputs());
        outputIndices = indices(interpreter.outputs());
    }

    private OracleException fail(String message) {
        close();
        return new OracleException(message, null);
    }

    private static int[] indices(IntPointer p) {
        int[] out = new int[(int) p.limit()];
        p.get(out);
        return out;
    }

    /** Loads a model; throws {@link OracleException} if TFLite rejects it. */
    public static TfliteOracle load(byte[] model) {
        return new TfliteOracle(model);
    }

    /** Loads, runs once and closes: the outputs of {@code model} for the given inputs. */
    public static List<Tensor> run(byte[] model, Object... inputs) {
        try (TfliteOracle o = load(model)) {
            return o.run(inputs);
        }
    }

    /** The model's inputs, described (no data), in input order. */
    public List<Tensor> inputs() {
        requireOpen();
        List<Tensor> out = new ArrayList<>();
        for (int i : inputIndices) {
            out.add(describe(interpreter.tensor(i), new byte[0]));
        }
        return out;
    }

    /** The model's outputs, described (no data), in output order. */
    public List<Tensor> outputs() {
        requireOpen();
        List<Tensor> out = new ArrayList<>();
        for (int i : outputIndices) {
            out.add(describe(interpreter.tensor(i), new byte[0]));
        }
        return out;
    }

    /** Sets the inputs in order, invokes the interpreter and returns copies of every output. */
    public List<Tensor> run(Object... inputs) {
        requireOpen();
        if (inputs.length != inputIndices.length) {
            throw new IllegalArgumentException("the model has " + inputIndices.length + " inputs, got " + inputs.length);
        }
        for (int k = 0; k < inputs.length; k++) {
            setInput(interpreter.tensor(inputIndices[k]), inputs[k]);
        }
        if (interpreter.Invoke() != kTfLiteOk) {
            throw new OracleException("TFLite failed to run the model (see stderr)", null);
        }
        List<Tensor> out = new ArrayList<>();
        for (int i : outputIndices) {
            TfLiteTensor t = interpreter.tensor(i);
            byte[] raw = new byte[Math.toIntExact(t.bytes())];
            new BytePointer(t.data().raw()).capacity(raw.length).get(raw);
            out.add(describe(t, raw));
        }
        return out;
    }

    private static void setInput(TfLiteTensor t, Object data) {
        Type type = Type.of(t.type());
        byte[] bytes;
        if (data instanceof float[] f && type == Type.FLOAT32) {
            ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(f);
            bytes = b.array();
        } else if (data instanceof byte[] a && (type == Type.INT8 || type == Type.UINT8 || type == Type.BOOL)) {
            bytes = a;
        } else if (data instanceof int[] a && type == Type.INT32) {
            ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(a);
            bytes = b.array();
        } else {
            throw new IllegalArgumentException("input " + t.name().getString() + " is " + type + ", got "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        if (bytes.length != t.bytes()) {
            throw new IllegalArgumentException("input " + t.name().getString() + " needs " + t.bytes() + " bytes, got "
                    + bytes.length);
        }
        new BytePointer(t.data().raw()).capacity(bytes.length).put(bytes, 0, bytes.length);
    }

    private static Tensor describe(TfLiteTensor t, byte[] raw) {
        TfLiteIntArray dims = t.dims();
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.data(i);
        }
        return new Tensor(t.name().getString(), Type.of(t.type()), shape, quant(t), raw);
    }

    private static Quant quant(TfLiteTensor t) {
        if (t.quantization().type() != kTfLiteAffineQuantization || t.quantization().params() == null
                || t.quantization().params().isNull()) {
            return null;
        }
        TfLiteAffineQuantization q = new TfLiteAffineQuantization(t.quantization().params());
        int n = q.scale().size();
        float[] scales = new float[n];
        long[] zps = new long[n];
        for (int i = 0; i < n; i++) {
            scales[i] = q.scale().data(i);
            zps[i] = q.zero_point().data(i);
        }
        return new Quant(scales, zps, q.quantized_dimension());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this TfliteOracle is closed");
        }
    }

    /** Frees the interpreter, the model and its buffer; further calls throw. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        interpreter.close();
        resolver.close();
        model.close();
        modelBytes.close();
    }
}
