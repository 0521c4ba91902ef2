package dev.mnc.ir;

/**
 * Element types the IR knows. Float models are {@link #F32}; int8 quantized models use
 * {@link #I8} activations and weights with {@link #I32} biases; {@link #I64} holds shapes and
 * indices during import; {@link #U8} and {@link #I16} appear at quantized model boundaries.
 */
public enum DType {
    F32("f32", 4),
    I8("i8", 1),
    U8("u8", 1),
    I16("i16", 2),
    I32("i32", 4),
    I64("i64", 8),
    BOOL("bool", 1);

    private final String text;
    private final int byteSize;

    DType(String text, int byteSize) {
        this.text = text;
        this.byteSize = byteSize;
    }

    /** The name used in the IR text form, e.g. {@code f32}. */
    public String text() {
        return text;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloat() {
        return this == F32;
    }

    public boolean isInteger() {
        return this != F32 && this != BOOL;
    }

    public static DType fromText(String text) {
        for (DType t : values()) {
            if (t.text.equals(text)) {
                return t;
            }
        }
        throw new MncException("unknown element type '" + text + "' (known: f32, i8, u8, i16, i32, i64, bool)");
    }

    @Override
    public String toString() {
        return text;
    }
}
