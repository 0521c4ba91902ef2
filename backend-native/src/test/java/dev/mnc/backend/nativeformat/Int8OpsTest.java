package dev.mnc.backend.nativeformat;

import static dev.mnc.backend.nativeformat.Int8Graphs.conv;

import dev.mnc.ir.text.IrParser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every int8 op against the TFLite interpreter: the same IR graph written as TFLite (run with the
 * built-in kernels, no delegate) and compiled to .mnc, on the same random int8 inputs (with -128
 * and 127 among them). Every output element must be within 1 LSB; the counts of elements that
 * differ at all are printed (they are 0 for every case here except where a case says otherwise).
 * Sizes are awkward on purpose: 1, 3, 7, 8, 15, 16, 17 and 33 channels, odd spatial sizes,
 * stride (2,1), asymmetric pads, dilation; quantization at the edges: zero points -128 and 127,
 * scale ratios above 1 (left shifts) and tiny ones.
 */
class Int8OpsTest {
    static final int[] CHANNELS = {1, 3, 7, 8, 15, 16, 17, 33};

    static Arguments c(String name, String ir) {
        return Arguments.of(name, ir);
    }

    static Stream<Arguments> convolutions() {
        List<Arguments> out = new ArrayList<>();
        long seed = 100;
        for (int in : CHANNELS) {
            for (int o : new int[] {1, 7, 16, 33}) {
                out.add(c("conv3x3_s21_asym_" + in + "_to_" + o, conv("g", new int[] {1, 9, 7, in}, o, 3,
                        new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 0, 2, 1}, 1, "relu6", "q(0.05, -7)",
                        "q(0.04, -128)", seed += 3)));
            }
            out.add(c("pointwise_" + in + "_to_48", conv("g", new int[] {1, 6, 5, in}, 48, 1, new int[] {1, 1},
                    new int[] {1, 1}, new int[] {0, 0, 0, 0}, 1, "none", "q(0.1, 3)", "q(0.2, 5)", seed += 3)));
            out.add(c("pointwise_" + in + "_to_24_transposed", conv("g", new int[] {2, 6, 5, in}, 24, 1,
                    new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0, 0, 0}, 1, "relu", "q(0.1, 127)",
                    "q(0.3, -128)", seed += 3)));
            out.add(c("depthwise3x3_s1_" + in, conv("g", new int[] {1, 7, 6, in}, in, 3, new int[] {1, 1},
                    new int[] {1, 1}, new int[] {1, 1, 1, 1}, in, "relu6", "q(0.05, 10)", "q(0.03, -128)", seed += 3)));
            out.add(c("depthwise3x3_s2_same_" + in, conv("g", new int[] {1, 9, 8, in}, in, 3, new int[] {2, 2},
                    new int[] {1, 1}, new int[] {1, 0, 1, 1}, in, "none", "q(0.05, -128)", "q(0.07, 4)", seed += 3)));
        }
        out.add(c("stem_3x3_s2_3ch_32", conv("g", new int[] {1, 17, 15, 3}, 32, 3, new int[] {2, 2},
                new int[] {1, 1}, new int[] {0, 0, 1, 1}, 1, "relu6", "q(0.0078125, 0)", "q(0.02, -128)", 7)));
        out.add(c("conv_dilated2_5x5", conv("g", new int[] {1, 11, 10, 7}, 9, 5, new int[] {1, 1},
                new int[] {2, 2}, new int[] {4, 4, 4, 4}, 1, "relu_n1_to_1", "q(0.05, 0)", "q(0.01, 1)", 8)));
        out.add(c("conv_grouped_3_groups", conv("g", new int[] {1, 7, 7, 6}, 9, 3, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1, 1, 1}, 3, "none", "q(0.05, 0)", "q(0.1, 1)", 9)));
        out.add(c("depthwise_s21_multiplier2", conv("g", new int[] {1, 9, 7, 5}, 10, 3, new int[] {2, 1},
                new int[] {1, 1}, new int[] {1, 1, 1, 1}, 5, "none", "q(0.05, -3)", "q(0.06, 2)", 10)));
        out.add(c("depthwise_5x5_dilated", conv("g", new int[] {1, 12, 11, 16}, 16, 5, new int[] {1, 1},
                new int[] {2, 2}, new int[] {4, 4, 4, 4}, 16, "relu", "q(0.05, -3)", "q(0.06, -100)", 11)));
        out.add(c("depthwise_asym_pads_stride2", conv("g", new int[] {2, 9, 8, 17}, 17, 3, new int[] {2, 2},
                new int[] {1, 1}, new int[] {0, 1, 1, 0}, 17, "relu6", "q(0.05, 3)", "q(0.02, -128)", 12)));
        out.add(c("scale_ratio_above_one", conv("g", new int[] {1, 5, 5, 8}, 8, 1, new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0, 0, 0}, 1, "none", "q(4.0, 0)", "q(0.0001, 0)", 13)));
        out.add(c("tiny_scale_ratio", conv("g", new int[] {1, 5, 5, 8}, 8, 1, new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0, 0, 0}, 1, "none", "q(0.001, 0)", "q(1000.0, 127)", 14)));
        out.add(c("depthwise_scale_ratio_above_one", conv("g", new int[] {1, 5, 5, 8}, 8, 3, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1, 1, 1}, 8, "none", "q(2.0, -128)", "q(0.001, 127)", 15)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void convolutionsAgreeWithTflite(String name, String ir) throws Exception {
        TfliteComparison.assertWithin(name, IrParser.parse(ir), 42, 1);
    }

    static Stream<Arguments> others() {
        return Stream.of(
                c("fully_connected_per_channel", """
                        graph @g(%x: i8[3,33] q(0.1, 5)) {
                          %y = fully_connected(%x, @w, @b) {act=relu} : i8[3,17] q(0.3, -7)
                          return %y }
                        const @w: i8[17,33] """ + Int8Graphs.perChannel(3, 17, 0.001, 0.02) + """
                         = random(seed=1, min=-127, max=127)
                        const @b: i32[17] = random(seed=2, min=-3000, max=3000)
                        """),
                c("fully_connected_per_tensor_no_bias", """
                        graph @g(%x: i8[2,64] q(0.05, -128)) {
                          %y = fully_connected(%x, @w) : i8[2,60] q(0.5, 3)
                          return %y }
                        const @w: i8[60,64] q(0.01, 0) = random(seed=3, min=-127, max=127)
                        """),
                c("add_same_shape_relu6", """
                        graph @g(%a: i8[1,5,6,17] nhwc q(0.05, -5), %b: i8[1,5,6,17] nhwc q(0.07, 10)) {
                          %y = add(%a, %b) {act=relu6} : i8[1,5,6,17] nhwc q(0.09, -128)
                          return %y }
                        """),
                c("add_zero_points_at_extremes", """
                        graph @g(%a: i8[1,3,4,8] nhwc q(0.5, -128), %b: i8[1,3,4,8] nhwc q(0.25, 127)) {
                          %y = add(%a, %b) : i8[1,3,4,8] nhwc q(1.0, 127)
                          return %y }
                        """),
                c("sub_broadcast_channel", """
                        graph @g(%a: i8[1,5,6,7] nhwc q(0.05, -5), %b: i8[7] q(0.02, 3)) {
                          %y = sub(%a, %b) : i8[1,5,6,7] nhwc q(0.06, 1)
                          return %y }
                        """),
                c("mul_se_scale_broadcast", """
                        graph @g(%a: i8[1,5,6,16] nhwc q(0.05, -5), %b: i8[1,1,1,16] nhwc q(0.00390625, -128)) {
                          %y = mul(%a, %b) : i8[1,5,6,16] nhwc q(0.04, -2)
                          return %y }
                        """),
                c("mul_scalar", """
                        graph @g(%a: i8[2,15] q(0.05, -5), %b: i8[1] q(0.1, 0)) {
                          %y = mul(%a, %b) {act=relu} : i8[2,15] q(0.2, -100)
                          return %y }
                        """),
                c("avg_pool_same", """
                        graph @g(%x: i8[1,9,8,17] nhwc q(0.05, -5)) {
                          %y = avg_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[1,0,1,1], layout=nhwc} : i8[1,5,4,17] nhwc q(0.05, -5)
                          return %y }
                        """),
                c("avg_pool_valid_global", """
                        graph @g(%x: i8[2,7,7,33] nhwc q(0.05, 100)) {
                          %y = avg_pool2d(%x) {kernel=[7,7], layout=nhwc} : i8[2,1,1,33] nhwc q(0.05, 100)
                          return %y }
                        """),
                c("avg_pool_count_include_pad", """
                        graph @g(%x: i8[1,6,5,3] nhwc q(0.05, -20)) {
                          %y = avg_pool2d(%x) {kernel=[3,3], strides=[1,2], pads=[1,2,0,1], count_include_pad=true, layout=nhwc} : i8[1,5,3,3] nhwc q(0.05, -20)
                          return %y }
                        """),
                c("max_pool_asym_pads", """
                        graph @g(%x: i8[1,9,8,15] nhwc q(0.05, 7)) {
                          %y = max_pool2d(%x) {kernel=[3,3], strides=[2,1], pads=[0,1,2,1], layout=nhwc} : i8[1,5,8,15] nhwc q(0.05, 7)
                          return %y }
                        """),
                c("mean_global_keep_dims", """
                        graph @g(%x: i8[1,7,7,40] nhwc q(0.05, -5)) {
                          %y = mean(%x) {axes=[1,2], keep_dims=true} : i8[1,1,1,40] nhwc q(0.02, -3)
                          return %y }
                        """),
                c("mean_global_keep_dims_mobilenet_head", """
                        graph @g(%x: i8[1,7,7,1280] nhwc q(0.1, 20)) {
                          %y = mean(%x) {axes=[1,2], keep_dims=true} : i8[1,1,1,1280] nhwc q(0.03, 7)
                          return %y }
                        """),
                c("mean_global_keep_dims_same_quant", """
                        graph @g(%x: i8[2,5,6,17] nhwc q(0.05, -5)) {
                          %y = mean(%x) {axes=[1,2], keep_dims=true} : i8[2,1,1,17] nhwc q(0.05, -5)
                          return %y }
                        """),
                c("mean_global_no_keep_dims", """
                        graph @g(%x: i8[2,7,7,33] nhwc q(0.05, -5)) {
                          %y = mean(%x) {axes=[1,2], keep_dims=false} : i8[2,33] q(0.01, 10)
                          return %y }
                        """),
                c("mean_channels", """
                        graph @g(%x: i8[2,4,5,16] nhwc q(0.05, -5)) {
                          %y = mean(%x) {axes=[3], keep_dims=true} : i8[2,4,5,1] nhwc q(0.03, 0)
                          return %y }
                        """),
                c("mean_axes_0_2", """
                        graph @g(%x: i8[3,4,5] q(0.05, 120)) {
                          %y = mean(%x) {axes=[0,2], keep_dims=false} : i8[4] q(0.05, -120)
                          return %y }
                        """),
                c("softmax_int8", """
                        graph @g(%x: i8[3,33] q(0.1, 5)) {
                          %y = softmax(%x) {axis=1} : i8[3,33] q(0.00390625, -128)
                          return %y }
                        """),
                c("softmax_large_scale", """
                        graph @g(%x: i8[2,1000] q(0.5, -128)) {
                          %y = softmax(%x) {axis=1} : i8[2,1000] q(0.00390625, -128)
                          return %y }
                        """),
                c("sigmoid_int8", """
                        graph @g(%x: i8[4,64] q(0.08, 5)) {
                          %y = sigmoid(%x) : i8[4,64] q(0.00390625, -128)
                          return %y }
                        """),
                c("hard_swish_int8", """
                        graph @g(%x: i8[4,64] q(0.05, 5)) {
                          %y = hard_swish(%x) : i8[4,64] q(0.03, -20)
                          return %y }
                        """),
                c("hard_swish_wide_input_range", """
                        graph @g(%x: i8[4,64] q(0.5, -128)) {
                          %y = hard_swish(%x) : i8[4,64] q(0.6, -50)
                          return %y }
                        """),
                c("relu_requantizes", """
                        graph @g(%x: i8[2,40] q(0.05, 5)) {
                          %y = relu(%x) : i8[2,40] q(0.03, -128)
                          return %y }
                        """),
                c("relu6_clip", """
                        graph @g(%x: i8[2,40] q(0.05, 5)) {
                          %y = clip(%x) {min=0.0, max=6.0} : i8[2,40] q(0.05, 5)
                          return %y }
                        """),
                c("resize_nearest_asymmetric", """
                        graph @g(%x: i8[1,4,5,7] nhwc q(0.05, 3)) {
                          %y = resize(%x) {mode=nearest, coord=asymmetric, nearest=floor, size=[8,10], scales=[2.0,2.0], layout=nhwc} : i8[1,8,10,7] nhwc q(0.05, 3)
                          return %y }
                        """),
                c("resize_bilinear_half_pixel", """
                        graph @g(%x: i8[1,4,5,7] nhwc q(0.05, 3)) {
                          %y = resize(%x) {mode=linear, coord=half_pixel, size=[8,10], scales=[2.0,2.0], layout=nhwc} : i8[1,8,10,7] nhwc q(0.05, 3)
                          return %y }
                        """),
                c("resize_bilinear_align_corners", """
                        graph @g(%x: i8[1,4,5,3] nhwc q(0.05, -128)) {
                          %y = resize(%x) {mode=linear, coord=align_corners, size=[7,9], scales=[1.75,1.8], layout=nhwc} : i8[1,7,9,3] nhwc q(0.05, -128)
                          return %y }
                        """),
                c("resize_bilinear_asymmetric", """
                        graph @g(%x: i8[1,4,5,3] nhwc q(0.05, 127)) {
                          %y = resize(%x) {mode=linear, coord=asymmetric, size=[12,15], scales=[3.0,3.0], layout=nhwc} : i8[1,12,15,3] nhwc q(0.05, 127)
                          return %y }
                        """),
                c("concat_reshape_transpose", """
                        graph @g(%a: i8[1,3,4,5] nhwc q(0.05, 3), %b: i8[1,3,4,2] nhwc q(0.05, 3)) {
                          %c = concat(%a, %b) {axis=3} : i8[1,3,4,7] nhwc q(0.05, 3)
                          %t = transpose(%c) {perm=[0,3,1,2]} : i8[1,7,3,4] nchw q(0.05, 3)
                          %r = reshape(%t) {shape=[7,12]} : i8[7,12] q(0.05, 3)
                          return %r }
                        """),
                c("pad_zero_and_value", """
                        graph @g(%x: i8[1,3,4,5] nhwc q(0.05, 3)) {
                          %p = pad(%x) {pads=[0,1,2,0,0,2,1,0]} : i8[1,6,7,5] nhwc q(0.05, 3)
                          %v = pad(%x) {pads=[0,0,1,0,0,0,1,0], value=0.5} : i8[1,3,6,5] nhwc q(0.05, 3)
                          return %p, %v }
                        """),
                c("quantize_f32_to_i8_u8_and_back", """
                        graph @g(%x: f32[2,40]) {
                          %q = quantize(%x) {to=i8} : i8[2,40] q(0.02, -3)
                          %u = quantize(%x) {to=u8} : u8[2,40] q(0.03, 128)
                          %d = dequantize(%q)
                          return %q, %u, %d }
                        """),
                c("requantize_i8_u8_i8", """
                        graph @g(%x: i8[2,40] q(0.02, -3)) {
                          %u = quantize(%x) {to=u8} : u8[2,40] q(0.02, 125)
                          %s = quantize(%u) {to=i8} : i8[2,40] q(0.03, 10)
                          %r = quantize(%x) {to=i8} : i8[2,40] q(0.005, -128)
                          return %u, %s, %r }
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void otherOpsAgreeWithTflite(String name, String ir) throws Exception {
        TfliteComparison.assertWithin(name, IrParser.parse(ir), 7, 1);
    }
}
