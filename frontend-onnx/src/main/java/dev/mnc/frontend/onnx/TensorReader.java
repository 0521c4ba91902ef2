package dev.mnc.frontend.onnx;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes an ONNX {@code TensorProto} (initializer or Constant value) into {@link TensorData}.
 *
 * <p>Data may sit in {@code raw_data} (little-endian), in the typed field ONNX assigns to the
 * element type ({@code float_data}; {@code int32_data} for every type of 32 bits or fewer,
 * float16 bits included; {@code int64_data}; {@code double_data}; {@code uint64_data} for uint32
 * and uint64), or in an external file. Before anything is allocated, the dims are checked (rank at
 * most {@link Shape#MAX_RANK}, no negative dim, at most {@link Shape#MAX_ELEMENTS} elements) and
 * the number of values present must equal the number the dims declare. Floating types become f32,
 * unsigned types widen (see {@link OnnxTypes}).
 */
final class TensorReader {
    private final ExternalData external;

    TensorReader(ExternalData external) {
        this.external = external;
    }

    /** The tensor's data; errors say what is wrong but not where (the caller names the tensor). */
    TensorData read(TensorProto t) {
        int type = t.getDataType();
        DType dtype = OnnxTypes.irType(type);
        Shape shape = shape(t);
        long n = shape.numElements();
        int count = (int) n;
        long needBytes = n * OnnxTypes.rawSize(type);
        if (t.hasSegment()) {
            throw new MncException("segmented tensors are not supported");
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return decodeRaw(type, dtype, shape, count, external.read(t, needBytes));
        }
        if (t.hasRawData()) {
            if (t.getRawData().size() != needBytes) {
                throw new MncException("raw data has " + t.getRawData().size() + " bytes but " + OnnxTypes.name(type)
                        + shape + " needs " + needBytes);
            }
            return decodeRaw(type, dtype, shape, count, t.getRawData().asReadOnlyByteBuffer());
        }
        return decodeTyped(t, type, dtype, shape, count);
    }

    private static Shape shape(TensorProto t) {
        if (t.getDimsCount() > Shape.MAX_RANK) {
            throw new MncException("rank " + t.getDimsCount() + " exceeds the supported maximum of " + Shape.MAX_RANK);
        }
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new MncException("dim " + i + " is negative (" + dims[i] + ")");
            }
        }
        Shape s = Shape.of(dims);
        if (s.numElements() > Limits.MAX_TENSOR_BYTES) {
            throw new MncException(s + " has too many elements for one tensor");
        }
        return s;
    }

    private static TensorData decodeRaw(int type, DType dtype, Shape shape, int n, ByteBuffer raw) {
        ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (DataType.forNumber(type)) {
            case FLOAT, INT8, UINT8, INT16, INT32, INT64, BOOL -> {
                return TensorData.fromLittleEndian(dtype, shape, b);
            }
            case DOUBLE -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) b.getDouble(i * 8);
                }
                return TensorData.ofFloats(shape, a);
            }
            case FLOAT16, BFLOAT16 -> {
                boolean half = type == DataType.FLOAT16_VALUE;
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    int bits = b.getShort(i * 2) & 0xffff;
                    a[i] = half ? OnnxTypes.halfToFloat(bits) : OnnxTypes.bfloat16ToFloat(bits);
                }
                return TensorData.ofFloats(shape, a);
            }
            case UINT16 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = b.getShort(i * 2) & 0xffff;
                }
                return TensorData.ofInts(shape, a);
            }
            case UINT32 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = b.getInt(i * 4) & 0xffffffffL;
                }
                return TensorData.ofLongs(shape, a);
            }
            case UINT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = b.getLong(i * 8);
                }
                return TensorData.ofLongs(shape, a);
            }
            default -> throw new IllegalStateException("type " + type + " passed OnnxTypes.irType");
        }
    }

    private static TensorData decodeTyped(TensorProto t, int type, DType dtype, Shape shape, int n) {
        DataType dt = DataType.forNumber(type);
        int present = switch (dt) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT32, UINT64 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
        if (present != n) {
            throw new MncException(present == 0 && n > 0 ? "has no data (" + OnnxTypes.name(type) + shape + ")"
                    : "holds " + present + " values but " + OnnxTypes.name(type) + shape + " needs " + n);
        }
        switch (dt) {
            case FLOAT -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = t.getFloatData(i);
                }
                return TensorData.ofFloats(shape, a);
            }
            case DOUBLE -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) t.getDoubleData(i);
                }
                return TensorData.ofFloats(shape, a);
            }
            case FLOAT16, BFLOAT16 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    int bits = t.getInt32Data(i);
                    a[i] = dt == DataType.FLOAT16 ? OnnxTypes.halfToFloat(bits & 0xffff) : OnnxTypes.bfloat16ToFloat(bits);
                }
                return TensorData.ofFloats(shape, a);
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = t.getInt64Data(i);
                }
                return TensorData.ofLongs(shape, a);
            }
            case UINT32, UINT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = t.getUint64Data(i);
                }
                return TensorData.ofLongs(shape, a);
            }
            case INT32, UINT16 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = dt == DataType.UINT16 ? t.getInt32Data(i) & 0xffff : t.getInt32Data(i);
                }
                return TensorData.ofInts(shape, a);
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) t.getInt32Data(i);
                }
                return TensorData.ofShorts(shape, a);
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (dt == DataType.BOOL ? (t.getInt32Data(i) != 0 ? 1 : 0) : t.getInt32Data(i));
                }
                return TensorData.ofBytes(dtype, shape, a);
            }
            default -> throw new IllegalStateException("type " + type + " passed OnnxTypes.irType");
        }
    }
}
