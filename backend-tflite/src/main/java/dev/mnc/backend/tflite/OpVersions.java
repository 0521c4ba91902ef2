package dev.mnc.backend.tflite;

import java.util.Arrays;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.TensorType;

/**
 * The version each emitted operator declares in its operator code: the lowest TFLite kernel
 * version that supports what the operator uses (its tensor types, a bias, dilation, half-pixel
 * sampling, ...). A runtime older than that version refuses the model instead of silently
 * ignoring the feature. The rules follow TFLite's published op-versioning table for the ops and
 * types mnc writes; everything else is version 1.
 */
final class OpVersions {
    private OpVersions() {}

    /** Option features that raise an operator's version and cannot be read off its tensors. */
    enum Feature { DILATED, HALF_PIXEL_CENTERS, ALIGN_CORNERS, FUSED_ACTIVATION }

    /** What the rules look at: the operator's tensors' types, ranks and quantization. */
    interface Tensors {
        byte type(int tensor);

        int rank(int tensor);

        /** Number of quantization scales (0 without quantization). */
        int scaleCount(int tensor);

        /** The single scale of a per-tensor quantized tensor, or 0. */
        float scale(int tensor);

        int[] shape(int tensor);
    }

    static int of(int builtin, Tensors t, int[] in, int[] out, Set<Feature> features) {
        byte x = t.type(in[0]);
        byte y = out.length > 0 ? t.type(out[0]) : x;
        boolean int8 = x == TensorType.INT8;
        boolean int16 = x == TensorType.INT16;
        switch (builtin) {
            case BuiltinOperator.CONV_2D:
                return int16 ? 4 : int8 ? 3 : 1;
            case BuiltinOperator.DEPTHWISE_CONV_2D:
                return int16 ? 5 : int8 ? 3 : features.contains(Feature.DILATED) ? 2 : 1;
            case BuiltinOperator.FULLY_CONNECTED:
                return int16 ? 7 : in.length < 3 || in[2] < 0 ? 6 : int8 ? 4 : 1;
            case BuiltinOperator.TRANSPOSE_CONV:
                // Input 0 is the output shape; the weights tell quantized from float. A fused activation is 4.
                return features.contains(Feature.FUSED_ACTIVATION) ? 4
                        : in.length > 3 && in[3] >= 0 ? 3 : t.type(in[1]) == TensorType.INT8 ? 2 : 1;
            case BuiltinOperator.ADD:
                return x == TensorType.INT64 ? 4 : int16 ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.SUB:
                return x == TensorType.INT64 ? 4 : broadcastsAbove4(t, in) ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.MUL:
                if (x == TensorType.INT64) {
                    return 5;
                }
                if (int16) {
                    return 4;
                }
                if (rescalesUp(t, in, out)) {
                    return 3;
                }
                return int8 ? 2 : 1;
            case BuiltinOperator.DIV:
                return broadcastsAbove4(t, in) ? 2 : 1;
            case BuiltinOperator.MAXIMUM:
            case BuiltinOperator.MINIMUM:
                return int16 ? 4 : broadcastsAbove4(t, in) ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.AVERAGE_POOL_2D:
            case BuiltinOperator.MAX_POOL_2D:
            case BuiltinOperator.CONCATENATION:
                return int16 ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.SOFTMAX:
            case BuiltinOperator.MEAN:
            case BuiltinOperator.MIRROR_PAD:
            case BuiltinOperator.RELU6:
            case BuiltinOperator.LOGISTIC:
                return int16 ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.RELU:
                return int16 ? 3 : int8 || x == TensorType.UINT8 ? 2 : 1;
            case BuiltinOperator.LEAKY_RELU:
                return int16 ? 2 : 1;
            case BuiltinOperator.PAD:
            case BuiltinOperator.PADV2:
                return t.rank(in[0]) > 4 ? 4 : int16 ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.RESIZE_BILINEAR:
                return int16 ? 4 : features.contains(Feature.HALF_PIXEL_CENTERS) ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.RESIZE_NEAREST_NEIGHBOR:
                return int16 ? 4 : features.contains(Feature.HALF_PIXEL_CENTERS)
                        || features.contains(Feature.ALIGN_CORNERS) ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.TRANSPOSE:
                return int16 ? 5 : t.rank(in[0]) > 4 ? 4 : x == TensorType.BOOL ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.STRIDED_SLICE:
                return t.rank(in[0]) > 4 ? 4 : x == TensorType.BOOL ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.SLICE:
                return t.rank(in[0]) > 4 ? 5 : int16 ? 4 : int8 ? 2 : 1;
            case BuiltinOperator.GATHER:
                return t.type(in[1]) == TensorType.INT16 ? 6 : int16 ? 4 : x == TensorType.BOOL ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.SPLIT:
                // Input 0 is the axis; the data is input 1.
                byte data = t.type(in[1]);
                return data == TensorType.INT16 ? 4 : data == TensorType.INT32 ? 3 : data == TensorType.INT8 ? 2 : 1;
            case BuiltinOperator.BATCH_MATMUL:
                return int16 ? 3 : int8 ? 2 : 1;
            case BuiltinOperator.CAST:
                return x == TensorType.INT8 || y == TensorType.INT8 ? 3 : 1;
            case BuiltinOperator.QUANTIZE:
                return t.scaleCount(out[0]) > 1 ? 3 : y == TensorType.INT16 ? 2 : 1;
            case BuiltinOperator.DEQUANTIZE:
                if (int16) {
                    return 3;
                }
                return int8 ? (t.scaleCount(in[0]) > 1 ? 5 : 2) : 1;
            default:
                return 1;
        }
    }

    private static boolean broadcastsAbove4(Tensors t, int[] in) {
        return in.length >= 2 && !Arrays.equals(t.shape(in[0]), t.shape(in[1]))
                && Math.max(t.rank(in[0]), t.rank(in[1])) > 4;
    }

    /** Quantized MUL whose rescale input1_scale * input2_scale / output_scale is at least 1. */
    private static boolean rescalesUp(Tensors t, int[] in, int[] out) {
        float a = t.scale(in[0]);
        float b = t.scale(in[1]);
        float c = t.scale(out[0]);
        return a != 0 && b != 0 && c != 0 && (double) a * b / c >= 1.0;
    }
}
