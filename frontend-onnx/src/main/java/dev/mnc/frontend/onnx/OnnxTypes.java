package dev.mnc.frontend.onnx;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.TensorProto.DataType;

/**
 * ONNX element types and what they become in the IR. Floating types of any width are held as
 * f32 (MobileNets are float32 models; a float16 or double initializer is converted on import);
 * unsigned types widen to the next signed IR type that holds every value.
 */
final class OnnxTypes {
    private OnnxTypes() {}

    /** The IR type that holds values of ONNX element type {@code onnxType}. */
    static DType irType(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        if (t == null) {
            throw new MncException("unknown ONNX element type " + onnxType);
        }
        return switch (t) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> DType.F32;
            case INT8 -> DType.I8;
            case UINT8 -> DType.U8;
            case INT16 -> DType.I16;
            case UINT16, INT32 -> DType.I32;
            case UINT32, INT64, UINT64 -> DType.I64;
            case BOOL -> DType.BOOL;
            default -> throw new MncException("ONNX element type " + t + " is not supported");
        };
    }

    /** Bytes per element in ONNX's raw (little-endian) encoding; only for types {@link #irType} accepts. */
    static int rawSize(int onnxType) {
        return switch (DataType.forNumber(onnxType)) {
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT, INT32, UINT32 -> 4;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            default -> 1;
        };
    }

    /** The ONNX name of an element type, for messages. */
    static String name(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        return t == null ? "type " + onnxType : t.name();
    }

    /** IEEE half precision bits to float. */
    static float halfToFloat(int bits) {
        int sign = (bits >>> 15) & 1;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 0 ? v : -v;
    }

    /** bfloat16 bits (the top half of a float) to float. */
    static float bfloat16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
