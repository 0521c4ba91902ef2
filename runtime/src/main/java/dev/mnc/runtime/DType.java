package dev.mnc.runtime;

/**
 * Element types the runtime stores. Float models compute in {@link #F32}; quantized models keep
 * {@link #I8} (or {@link #U8} at the model boundary) activations and weights with {@link #I32}
 * biases; {@link #I64} and {@link #I32} carry indices; {@link #BOOL} is one byte, 0 or 1.
 *
 * <p>Each type names the Java array that holds its elements: {@code float[]} for f32,
 * {@code byte[]} for i8, u8 (same bits, read unsigned) and bool, {@code short[]} for i16,
 * {@code int[]} for i32 and {@code long[]} for i64.
 */
public enum DType {
    F32("f32", 4, 1),
    I8("i8", 1, 2),
    U8("u8", 1, 3),
    I16("i16", 2, 4),
    I32("i32", 4, 5),
    I64("i64", 8, 6),
    BOOL("bool", 1, 7);

    private final String text;
    private final int byteSize;
    private final int code;

    DType(String text, int byteSize, int code) {
        this.text = text;
        this.byteSize = byteSize;
        this.code = code;
    }

    /** Short lower-case name, as the IR text form spells it ({@code f32}). */
    public String text() {
        return text;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The code of this type in a {@code .mnc} file (see FORMAT.md); never 0. */
    public int code() {
        return code;
    }

    /** The type with the given file code, or null when the code is unknown. */
    public static DType fromCode(int code) {
        for (DType d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
