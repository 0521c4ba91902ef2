package dev.mnc.runtime.format;

/**
 * The constants of the {@code .mnc} file format, shared by the writer (backend-native) and the
 * reader (this runtime) so that both speak one spec. {@code runtime/FORMAT.md} documents every
 * field; this class only names them.
 */
public final class Format {
    private Format() {}

    /** First eight bytes: {@code \x89 M N C \r \n \x1a \n}; the high byte and line ends catch text-mode damage. */
    public static final byte[] MAGIC = {(byte) 0x89, 'M', 'N', 'C', '\r', '\n', 0x1a, '\n'};

    /** Major version: a reader refuses files with a larger one. */
    public static final int MAJOR_VERSION = 1;
    /**
     * Minor version: additive changes only (new opcodes, new optional sections); an existing
     * opcode's parameter words never change. 1.1 added the int8 ops, 1.2 conv_transpose2d with a
     * fused activation (opcode 29). A writer stamps the lowest minor its opcodes need.
     */
    public static final int MINOR_VERSION = 2;

    /** Size of the fixed header in bytes. */
    public static final int HEADER_SIZE = 64;
    /** Offset of the CRC-32C field; the checksum covers bytes [{@link #CRC_START}, file size). */
    public static final int CRC_OFFSET = 12;
    public static final int CRC_START = 16;
    /** Size of one section directory entry. */
    public static final int SECTION_ENTRY_SIZE = 24;
    /** Most sections a file may declare. */
    public static final int MAX_SECTIONS = 64;
    /** Size of one tensor record. */
    public static final int TENSOR_RECORD_SIZE = 64;
    /** Highest tensor rank. */
    public static final int MAX_RANK = 8;
    /** Constant blobs start at file offsets that are multiples of this. */
    public static final int BLOB_ALIGNMENT = 64;
    /** Arena offsets are multiples of this many elements (64 bytes of f32). */
    public static final int ARENA_ALIGNMENT = 16;

    // Section kinds.
    public static final int SECTION_STRINGS = 1;
    public static final int SECTION_TENSORS = 2;
    public static final int SECTION_QUANT = 3;
    public static final int SECTION_OPS = 4;
    public static final int SECTION_PLAN = 5;
    public static final int SECTION_IO = 6;
    public static final int SECTION_METADATA = 7;
    public static final int SECTION_BLOBS = 8;
    /** Section flag: a reader that does not know the kind may skip the section. */
    public static final int SECTION_FLAG_OPTIONAL = 1;

    // Tensor storage.
    public static final int STORAGE_ARENA = 0;
    public static final int STORAGE_CONSTANT = 1;
    /** Quantization reference meaning "not quantized". */
    public static final int NO_QUANT = -1;
    /** Input slot that an optional input leaves empty. */
    public static final int NO_TENSOR = -1;

    // Arena kinds: one arena per Java array type.
    public static final int ARENA_F32 = 1;
    public static final int ARENA_BYTE = 2;
    public static final int ARENA_I16 = 3;
    public static final int ARENA_I32 = 4;
    public static final int ARENA_I64 = 5;

    // Fused activation codes (op params).
    public static final int ACT_NONE = 0;
    public static final int ACT_RELU = 1;
    public static final int ACT_RELU6 = 2;
    public static final int ACT_RELU_N1_TO_1 = 3;

    // Pad modes.
    public static final int PAD_CONSTANT = 0;
    public static final int PAD_REFLECT = 1;
    public static final int PAD_EDGE = 2;

    // Resize.
    public static final int RESIZE_NEAREST = 0;
    public static final int RESIZE_LINEAR = 1;
    public static final int COORD_HALF_PIXEL = 0;
    public static final int COORD_ASYMMETRIC = 1;
    public static final int COORD_ALIGN_CORNERS = 2;
    public static final int COORD_PYTORCH_HALF_PIXEL = 3;
    public static final int COORD_TF_HALF_PIXEL_FOR_NN = 4;
    public static final int NEAREST_ROUND_PREFER_FLOOR = 0;
    public static final int NEAREST_ROUND_PREFER_CEIL = 1;
    public static final int NEAREST_FLOOR = 2;
    public static final int NEAREST_CEIL = 3;

    /** The arena kind that holds elements of a dtype code, or 0 for an unknown code. */
    public static int arenaKindOf(dev.mnc.runtime.DType dtype) {
        return switch (dtype) {
            case F32 -> ARENA_F32;
            case I8, U8, BOOL -> ARENA_BYTE;
            case I16 -> ARENA_I16;
            case I32 -> ARENA_I32;
            case I64 -> ARENA_I64;
        };
    }
}
