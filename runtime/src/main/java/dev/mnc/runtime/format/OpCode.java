package dev.mnc.runtime.format;

/**
 * Operation codes of the {@code .mnc} op list. Codes 1 to 63 are float (or type-generic) ops, 64
 * to 127 quantization boundaries and integer ops (66 to 80 since format 1.1), 128 and up are
 * reserved. A code is never reused:
 * new ops get new codes and bump the minor format version. FORMAT.md lists each op's inputs and
 * parameter words.
 */
public enum OpCode {
    CONV2D(1, "conv2d"),
    CONV_TRANSPOSE2D(2, "conv_transpose2d"),
    BATCH_NORM(3, "batch_norm"),
    ADD(4, "add"),
    SUB(5, "sub"),
    MUL(6, "mul"),
    DIV(7, "div"),
    RELU(8, "relu"),
    CLIP(9, "clip"),
    SIGMOID(10, "sigmoid"),
    HARD_SIGMOID(11, "hard_sigmoid"),
    HARD_SWISH(12, "hard_swish"),
    LEAKY_RELU(13, "leaky_relu"),
    AVG_POOL2D(14, "avg_pool2d"),
    MAX_POOL2D(15, "max_pool2d"),
    MEAN(16, "mean"),
    RESHAPE(17, "reshape"),
    TRANSPOSE(18, "transpose"),
    CONCAT(19, "concat"),
    SOFTMAX(20, "softmax"),
    PAD(21, "pad"),
    RESIZE(22, "resize"),
    FULLY_CONNECTED(23, "fully_connected"),
    MATMUL(24, "matmul"),
    GATHER(25, "gather"),
    SLICE(26, "slice"),
    CAST(27, "cast"),
    IDENTITY(28, "identity"),
    QUANTIZE(64, "quantize"),
    DEQUANTIZE(65, "dequantize"),
    // Integer ops over int8 tensors (format 1.1): TFLite's integer kernels, see FORMAT.md.
    CONV2D_Q8(66, "conv2d_q8"),
    FULLY_CONNECTED_Q8(67, "fully_connected_q8"),
    ADD_Q8(68, "add_q8"),
    SUB_Q8(69, "sub_q8"),
    MUL_Q8(70, "mul_q8"),
    AVG_POOL2D_Q8(71, "avg_pool2d_q8"),
    MAX_POOL2D_Q8(72, "max_pool2d_q8"),
    MEAN_Q8(73, "mean_q8"),
    SOFTMAX_Q8(74, "softmax_q8"),
    SIGMOID_Q8(75, "sigmoid_q8"),
    HARD_SWISH_Q8(76, "hard_swish_q8"),
    CLIP_Q8(77, "clip_q8"),
    RESIZE_Q8(78, "resize_q8"),
    PAD_Q8(79, "pad_q8"),
    REQUANTIZE(80, "requantize");

    private final int code;
    private final String text;

    OpCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
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
