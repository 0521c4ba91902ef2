package dev.mnc.runtime.format;

/**
 * Operation codes of the {@code .mnc} op list. Codes 1 to 63 are float (or type-generic) ops, 64
 * to 127 quantization boundaries and integer ops (66 to 80 since format 1.1), 128 and up are
 * reserved. A code is never reused, and a code's parameter words never change: new ops, and new
 * parameters of an existing op, get new codes and bump the minor format version
 * ({@link #minorVersion()} is the version that introduced each code). FORMAT.md lists each op's
 * inputs and parameter words.
 */
public enum OpCode {
    CONV2D(1, "conv2d", 0),
    CONV_TRANSPOSE2D(2, "conv_transpose2d", 0),
    BATCH_NORM(3, "batch_norm", 0),
    ADD(4, "add", 0),
    SUB(5, "sub", 0),
    MUL(6, "mul", 0),
    DIV(7, "div", 0),
    RELU(8, "relu", 0),
    CLIP(9, "clip", 0),
    SIGMOID(10, "sigmoid", 0),
    HARD_SIGMOID(11, "hard_sigmoid", 0),
    HARD_SWISH(12, "hard_swish", 0),
    LEAKY_RELU(13, "leaky_relu", 0),
    AVG_POOL2D(14, "avg_pool2d", 0),
    MAX_POOL2D(15, "max_pool2d", 0),
    MEAN(16, "mean", 0),
    RESHAPE(17, "reshape", 0),
    TRANSPOSE(18, "transpose", 0),
    CONCAT(19, "concat", 0),
    SOFTMAX(20, "softmax", 0),
    PAD(21, "pad", 0),
    RESIZE(22, "resize", 0),
    FULLY_CONNECTED(23, "fully_connected", 0),
    MATMUL(24, "matmul", 0),
    GATHER(25, "gather", 0),
    SLICE(26, "slice", 0),
    CAST(27, "cast", 0),
    IDENTITY(28, "identity", 0),
    // conv_transpose2d with a fused activation word (format 1.2); code 2 keeps its 1.0 words.
    CONV_TRANSPOSE2D_ACT(29, "conv_transpose2d", 2),
    QUANTIZE(64, "quantize", 0),
    DEQUANTIZE(65, "dequantize", 0),
    // Integer ops over int8 tensors (format 1.1): TFLite's integer kernels, see FORMAT.md.
    CONV2D_Q8(66, "conv2d_q8", 1),
    FULLY_CONNECTED_Q8(67, "fully_connected_q8", 1),
    ADD_Q8(68, "add_q8", 1),
    SUB_Q8(69, "sub_q8", 1),
    MUL_Q8(70, "mul_q8", 1),
    AVG_POOL2D_Q8(71, "avg_pool2d_q8", 1),
    MAX_POOL2D_Q8(72, "max_pool2d_q8", 1),
    MEAN_Q8(73, "mean_q8", 1),
    SOFTMAX_Q8(74, "softmax_q8", 1),
    SIGMOID_Q8(75, "sigmoid_q8", 1),
    HARD_SWISH_Q8(76, "hard_swish_q8", 1),
    CLIP_Q8(77, "clip_q8", 1),
    RESIZE_Q8(78, "resize_q8", 1),
    PAD_Q8(79, "pad_q8", 1),
    REQUANTIZE(80, "requantize", 1);

    private final int code;
    private final String text;
    private final int minorVersion;

    OpCode(int code, String text, int minorVersion) {
        this.code = code;
        this.text = text;
        this.minorVersion = minorVersion;
    }

    public int code() {
        return code;
    }

    /** The minor format version (of major 1) that introduced this code: a file using it needs at least 1.x. */
    public int minorVersion() {
        return minorVersion;
    }

    /** The op's name, as the IR spells it. */
    public String text() {
        return text;
    }

    /** The op with this code, or null. */
    public static OpCode fromCode(int code) {
        for (OpCode o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return null;
    }
}
