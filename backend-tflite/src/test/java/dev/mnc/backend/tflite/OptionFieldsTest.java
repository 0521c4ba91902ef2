package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BatchMatMulOptions;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.CastOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.DivOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.GatherOptions;
import org.tensorflow.lite.schema.LeakyReluOptions;
import org.tensorflow.lite.schema.MirrorPadMode;
import org.tensorflow.lite.schema.MirrorPadOptions;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.ReducerOptions;
import org.tensorflow.lite.schema.ReshapeOptions;
import org.tensorflow.lite.schema.ResizeBilinearOptions;
import org.tensorflow.lite.schema.ResizeNearestNeighborOptions;
import org.tensorflow.lite.schema.SoftmaxOptions;
import org.tensorflow.lite.schema.SplitOptions;
import org.tensorflow.lite.schema.StridedSliceOptions;
import org.tensorflow.lite.schema.SubOptions;
import org.tensorflow.lite.schema.TensorType;
import org.tensorflow.lite.schema.TransposeConvOptions;

/**
 * The reader's slot table against the schema's generated writers: each options table is built
 * with TFLite's generated {@code create...} method and read back through {@link OptionFields}.
 */
class OptionFieldsTest {

    private static Map<String, Object> roundTrip(byte type, ToIntFunction<FlatBufferBuilder> build) {
        FlatBufferBuilder fb = new FlatBufferBuilder();
        fb.finish(build.applyAsInt(fb), "TFL3");
        return OptionFields.read(type, new FlatReader(fb.sizedByteArray()).root("TFL3"));
    }

    @Test
    void convolutionAndPoolingOptions() {
        assertThat(roundTrip(BuiltinOptions.Conv2DOptions, fb -> Conv2DOptions.createConv2DOptions(fb, Padding.VALID, 2, 3,
                ActivationFunctionType.RELU6, 4, 5))).isEqualTo(Map.of("padding", "VALID", "stride_w", 2, "stride_h", 3,
                        "fused_activation_function", "RELU6", "dilation_w_factor", 4, "dilation_h_factor", 5));
        assertThat(roundTrip(BuiltinOptions.DepthwiseConv2DOptions, fb -> DepthwiseConv2DOptions
                .createDepthwiseConv2DOptions(fb, Padding.SAME, 1, 2, 3, ActivationFunctionType.RELU, 1, 2)))
                .isEqualTo(Map.of("padding", "SAME", "stride_w", 1, "stride_h", 2, "depth_multiplier", 3,
                        "fused_activation_function", "RELU", "dilation_w_factor", 1, "dilation_h_factor", 2));
        assertThat(roundTrip(BuiltinOptions.Pool2DOptions, fb -> Pool2DOptions.createPool2DOptions(fb, Padding.VALID, 2, 3,
                4, 5, ActivationFunctionType.RELU_N1_TO_1))).isEqualTo(Map.of("padding", "VALID", "stride_w", 2,
                        "stride_h", 3, "filter_width", 4, "filter_height", 5, "fused_activation_function", "RELU_N1_TO_1"));
        assertThat(roundTrip(BuiltinOptions.TransposeConvOptions, fb -> TransposeConvOptions.createTransposeConvOptions(fb,
                Padding.VALID, 3, 2, ActivationFunctionType.RELU))).isEqualTo(Map.of("padding", "VALID", "stride_w", 3,
                        "stride_h", 2, "fused_activation_function", "RELU"));
    }

    @Test
    void arithmeticAndDenseOptions() {
        assertThat(roundTrip(BuiltinOptions.AddOptions, fb -> AddOptions.createAddOptions(fb, ActivationFunctionType.RELU6,
                false))).isEqualTo(Map.of("fused_activation_function", "RELU6"));
        assertThat(roundTrip(BuiltinOptions.SubOptions, fb -> SubOptions.createSubOptions(fb, ActivationFunctionType.RELU,
                true))).isEqualTo(Map.of("fused_activation_function", "RELU"));
        assertThat(roundTrip(BuiltinOptions.MulOptions, fb -> MulOptions.createMulOptions(fb,
                ActivationFunctionType.RELU_N1_TO_1))).isEqualTo(Map.of("fused_activation_function", "RELU_N1_TO_1"));
        assertThat(roundTrip(BuiltinOptions.DivOptions, fb -> DivOptions.createDivOptions(fb, ActivationFunctionType.RELU6)))
                .isEqualTo(Map.of("fused_activation_function", "RELU6"));
        assertThat(roundTrip(BuiltinOptions.FullyConnectedOptions, fb -> FullyConnectedOptions.createFullyConnectedOptions(
                fb, ActivationFunctionType.RELU, (byte) 1, true, true))).isEqualTo(Map.of("fused_activation_function",
                        "RELU", "weights_format", "SHUFFLED4x16INT8", "keep_num_dims", true, "asymmetric_quantize_inputs",
                        true));
        assertThat(roundTrip(BuiltinOptions.BatchMatMulOptions, fb -> BatchMatMulOptions.createBatchMatMulOptions(fb, true,
                false, true))).isEqualTo(Map.of("adj_x", true, "adj_y", false, "asymmetric_quantize_inputs", true));
        assertThat(roundTrip(BuiltinOptions.LeakyReluOptions, fb -> LeakyReluOptions.createLeakyReluOptions(fb, 0.125f)))
                .isEqualTo(Map.of("alpha", 0.125f));
        assertThat(roundTrip(BuiltinOptions.SoftmaxOptions, fb -> SoftmaxOptions.createSoftmaxOptions(fb, 2.5f)))
                .isEqualTo(Map.of("beta", 2.5f));
    }

    @Test
    void shapeAndDataMovementOptions() {
        assertThat(roundTrip(BuiltinOptions.ReshapeOptions, fb -> ReshapeOptions.createReshapeOptions(fb,
                ReshapeOptions.createNewShapeVector(fb, new int[] {1, -1, 7})))).isEqualTo(Map.of("new_shape",
                        List.of(1, -1, 7)));
        assertThat(roundTrip(BuiltinOptions.ConcatenationOptions, fb -> ConcatenationOptions.createConcatenationOptions(fb,
                3, ActivationFunctionType.RELU))).isEqualTo(Map.of("axis", 3, "fused_activation_function", "RELU"));
        assertThat(roundTrip(BuiltinOptions.ReducerOptions, fb -> ReducerOptions.createReducerOptions(fb, true)))
                .isEqualTo(Map.of("keep_dims", true));
        assertThat(roundTrip(BuiltinOptions.ResizeBilinearOptions, fb -> ResizeBilinearOptions.createResizeBilinearOptions(
                fb, false, true))).isEqualTo(Map.of("align_corners", false, "half_pixel_centers", true));
        assertThat(roundTrip(BuiltinOptions.ResizeNearestNeighborOptions, fb -> ResizeNearestNeighborOptions
                .createResizeNearestNeighborOptions(fb, true, false))).isEqualTo(Map.of("align_corners", true,
                        "half_pixel_centers", false));
        assertThat(roundTrip(BuiltinOptions.GatherOptions, fb -> GatherOptions.createGatherOptions(fb, 2, 1)))
                .isEqualTo(Map.of("axis", 2, "batch_dims", 1));
        assertThat(roundTrip(BuiltinOptions.StridedSliceOptions, fb -> StridedSliceOptions.createStridedSliceOptions(fb, 1,
                2, 4, 8, 16, true))).isEqualTo(Map.of("begin_mask", 1, "end_mask", 2, "ellipsis_mask", 4,
                        "new_axis_mask", 8, "shrink_axis_mask", 16, "offset", true));
        assertThat(roundTrip(BuiltinOptions.SplitOptions, fb -> SplitOptions.createSplitOptions(fb, 4)))
                .isEqualTo(Map.of("num_splits", 4));
        assertThat(roundTrip(BuiltinOptions.CastOptions, fb -> CastOptions.createCastOptions(fb, TensorType.FLOAT32,
                TensorType.INT8))).isEqualTo(Map.of("in_data_type", "FLOAT32", "out_data_type", "INT8"));
        assertThat(roundTrip(BuiltinOptions.MirrorPadOptions, fb -> MirrorPadOptions.createMirrorPadOptions(fb,
                MirrorPadMode.SYMMETRIC))).isEqualTo(Map.of("mode", "SYMMETRIC"));
    }

    @Test
    void defaultsApplyToAbsentFieldsAndUnknownEnumsAreNumbered() {
        assertThat(roundTrip(BuiltinOptions.Conv2DOptions, fb -> {
            Conv2DOptions.startConv2DOptions(fb);
            Conv2DOptions.addFusedActivationFunction(fb, (byte) 42);
            return Conv2DOptions.endConv2DOptions(fb);
        })).isEqualTo(Map.of("padding", "SAME", "stride_w", 0, "stride_h", 0, "fused_activation_function",
                "ACTIVATION_42", "dilation_w_factor", 1, "dilation_h_factor", 1));
    }
}
