package dev.mnc.backend.tflite;

import dev.mnc.ir.DType;
import org.tensorflow.lite.schema.TensorType;

/**
 * The mapping between IR element types and TFLite's {@code TensorType} codes. Every IR type has a
 * TFLite counterpart; TFLite types the IR lacks (float16, strings, complex, ...) are only named and
 * sized, for the reader's summaries.
 */
final class TfliteTypes {
    private TfliteTypes() {}

    /** TFLite's code for an IR element type. */
    static byte code(DType t) {
        return switch (t) {
            case F32 -> TensorType.FLOAT32;
            case I8 -> TensorType.INT8;
            case U8 -> TensorType.UINT8;
            case I16 -> TensorType.INT16;
            case I32 -> TensorType.INT32;
            case I64 -> TensorType.INT64;
            case BOOL -> TensorType.BOOL;
        };
    }

    /** Bytes per element of a TFLite type, or -1 for types without a fixed size (strings, int4 packing). */
    static int byteSize(byte code) {
        return switch (code) {
            case TensorType.BOOL, TensorType.INT8, TensorType.UINT8 -> 1;
            case TensorType.FLOAT16, TensorType.INT16, TensorType.UINT16 -> 2;
            case TensorType.FLOAT32, TensorType.INT32, TensorType.UINT32 -> 4;
            case TensorType.FLOAT64, TensorType.INT64, TensorType.UINT64, TensorType.COMPLEX64 -> 8;
            case TensorType.COMPLEX128 -> 16;
            default -> -1;
        };
    }

    /**
     * TFLite's name of a type code, e.g. {@code FLOAT32}; {@code TYPE_<code>} for a code this schema
     * does not know (a newer file), so that such a file can still be described.
     */
    static String name(byte code) {
        if (code < 0 || code >= TensorType.names.length) {
            return "TYPE_" + code;
        }
        return TensorType.name(code);
    }
}
