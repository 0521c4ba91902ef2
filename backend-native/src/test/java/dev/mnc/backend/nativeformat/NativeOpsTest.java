package dev.mnc.backend.nativeformat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every IR op end to end: IR text (NHWC) compiled to .mnc, loaded and run by the runtime, compared
 * with {@link ReferenceInterpreter}. Sizes are awkward on purpose (odd spatial sizes, 1, 3, 7, 15,
 * 17, 33 channels, asymmetric pads, stride (2,1), dilation 2, groups neither 1 nor C).
 */
class NativeOpsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // Convolutions through each kernel path.
                c("conv_general_stride21_dilated_asym_pads", """
                        graph @g(%x: f32[2,9,7,5] nhwc) {
                          %y = conv2d(%x, @w, @b) {strides=[2,1], dilations=[2,1], pads=[1,0,2,2], act=relu, layout=nhwc}
                          return %y }
                        const @w: f32[7,3,3,5] = random(seed=1)
                        const @b: f32[7] = random(seed=2)
                        """),
                c("conv_stem_3x3_s2_3ch", """
                        graph @g(%x: f32[1,17,15,3] nhwc) {
                          %y = conv2d(%x, @w, @b) {strides=[2,2], pads=[1,1,1,1], act=relu6, layout=nhwc}
                          return %y }
                        const @w: f32[33,3,3,3] = random(seed=3)
                        const @b: f32[33] = random(seed=4)
                        """),
                c("conv_grouped_3_groups", """
                        graph @g(%x: f32[1,7,7,6] nhwc) {
                          %y = conv2d(%x, @w) {pads=[1,1,1,1], group=3, layout=nhwc}
                          return %y }
                        const @w: f32[9,3,3,2] = random(seed=5)
                        """),
                c("conv_pointwise_17_to_33", """
                        graph @g(%x: f32[1,5,3,17] nhwc) {
                          %y = conv2d(%x, @w, @b) {act=relu_n1_to_1, layout=nhwc}
                          return %y }
                        const @w: f32[33,1,1,17] = random(seed=6)
                        const @b: f32[33] = random(seed=7)
                        """),
                c("conv_pointwise_wide_300_channels", """
                        graph @g(%x: f32[1,3,3,130] nhwc) {
                          %y = conv2d(%x, @w) {layout=nhwc}
                          return %y }
                        const @w: f32[300,1,1,130] = random(seed=8, min=-0.1, max=0.1)
                        """),
                c("depthwise_3x3_s1_15ch", """
                        graph @g(%x: f32[1,7,5,15] nhwc) {
                          %y = conv2d(%x, @w, @b) {pads=[1,1,1,1], group=15, act=relu6, layout=nhwc}
                          return %y }
                        const @w: f32[15,3,3,1] = random(seed=9)
                        const @b: f32[15] = random(seed=10)
                        """),
                c("depthwise_3x3_s2_odd_pads_16ch", """
                        graph @g(%x: f32[2,9,8,16] nhwc) {
                          %y = conv2d(%x, @w) {strides=[2,2], pads=[0,1,1,0], group=16, layout=nhwc}
                          return %y }
                        const @w: f32[16,3,3,1] = random(seed=11)
                        """),
                c("depthwise_s21_dilated_multiplier2", """
                        graph @g(%x: f32[1,9,7,3] nhwc) {
                          %y = conv2d(%x, @w, @b) {strides=[2,1], dilations=[2,2], pads=[2,2,2,2], group=3, layout=nhwc}
                          return %y }
                        const @w: f32[6,3,3,1] = random(seed=12)
                        const @b: f32[6] = random(seed=13)
                        """),
                c("depthwise_5x5_1ch_per_group_7ch", """
                        graph @g(%x: f32[1,6,6,7] nhwc) {
                          %y = conv2d(%x, @w) {pads=[2,2,2,2], group=7, layout=nhwc}
                          return %y }
                        const @w: f32[7,5,5,1] = random(seed=14)
                        """),
                c("conv_transpose_s2", """
                        graph @g(%x: f32[1,4,5,3] nhwc) {
                          %y = conv_transpose2d(%x, @w, @b) {strides=[2,2], pads=[1,1,0,0], output_padding=[1,0], layout=nhwc}
                          return %y }
                        const @w: f32[8,3,3,3] = random(seed=15)
                        const @b: f32[8] = random(seed=16)
                        """),
                c("conv_transpose_dilated_s3", """
                        graph @g(%x: f32[2,3,3,2] nhwc) {
                          %y = conv_transpose2d(%x, @w) {strides=[3,1], dilations=[1,2], layout=nhwc}
                          return %y }
                        const @w: f32[5,2,3,2] = random(seed=17)
                        """),
                c("conv_transpose_k2s2_relu_db_head", """
                        graph @g(%x: f32[1,5,3,7] nhwc) {
                          %y = conv_transpose2d(%x, @w, @b) {strides=[2,2], act=relu, layout=nhwc}
                          return %y }
                        const @w: f32[4,2,2,7] = random(seed=60)
                        const @b: f32[4] = random(seed=61)
                        """),
                c("conv_transpose_padded_relu6_and_relu_n1_to_1", """
                        graph @g(%x: f32[2,3,4,3] nhwc) {
                          %t = conv_transpose2d(%x, @w) {strides=[2,1], pads=[1,0,0,1], output_padding=[1,0], act=relu6, layout=nhwc}
                          %y = conv_transpose2d(%t, @v, @b) {dilations=[2,1], act=relu_n1_to_1, layout=nhwc}
                          return %y }
                        const @w: f32[5,3,3,3] = random(seed=62, min=-3, max=3)
                        const @v: f32[3,2,2,5] = random(seed=63, min=-0.5, max=0.5)
                        const @b: f32[3] = random(seed=64)
                        """),
                c("batch_norm_nhwc_and_rank2", """
                        graph @g(%x: f32[1,3,5,7] nhwc, %z: f32[4,7]) {
                          %y = batch_norm(%x, @g1, @b1, @m1, @v1) {eps=0.001, layout=nhwc}
                          %w = batch_norm(%z, @g1, @b1, @m1, @v1) {eps=0.001}
                          return %y, %w }
                        const @g1: f32[7] = random(seed=18)
                        const @b1: f32[7] = random(seed=19)
                        const @m1: f32[7] = random(seed=20)
                        const @v1: f32[7] = random(seed=21, min=0.1, max=2)
                        """),
                c("binary_broadcast_paths", """
                        graph @g(%a: f32[2,5,3,17] nhwc, %s: f32[2,1,1,17] nhwc, %b: f32[2,5,3,17] nhwc) {
                          %same = add(%a, %b) {act=relu}
                          %chan = mul(%same, @c)
                          %scalar = sub(%chan, @k) {act=relu6}
                          %se = mul(%scalar, %s)
                          %rev = div(@k, %se)
                          %mid = add(%rev, @m)
                          return %mid }
                        const @c: f32[17] = random(seed=22)
                        const @k: f32[] = [0.75]
                        const @m: f32[5,1,17] = random(seed=23)
                        """),
                c("activations", """
                        graph @g(%x: f32[3,33]) {
                          %a = relu(%x)
                          %b = clip(%x) {min=-0.5, max=1.25}
                          %c = sigmoid(%x)
                          %d = hard_sigmoid(%x) {alpha=0.2, beta=0.5}
                          %e = hard_swish(%x)
                          %f = leaky_relu(%x) {alpha=0.1}
                          %g2 = clip(%x) {min=0}
                          return %a, %b, %c, %d, %e, %f, %g2 }
                        """),
                c("pools", """
                        graph @g(%x: f32[2,9,8,7] nhwc) {
                          %a = avg_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[1,1,1,0], layout=nhwc}
                          %b = avg_pool2d(%x) {kernel=[3,2], strides=[2,1], pads=[1,1,1,1], count_include_pad=true, layout=nhwc}
                          %c = max_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[1,1,1,1], layout=nhwc}
                          return %a, %b, %c }
                        """),
                c("means", """
                        graph @g(%x: f32[2,7,5,33] nhwc) {
                          %a = mean(%x) {axes=[1,2], keep_dims=true}
                          %b = mean(%x) {axes=[1,2], keep_dims=false}
                          %c = mean(%x) {axes=[0,3], keep_dims=false}
                          %d = mean(%x) {axes=[3], keep_dims=true}
                          return %a, %b, %c, %d }
                        """),
                c("reshape_transpose_concat", """
                        graph @g(%x: f32[1,3,4,5] nhwc, %y: f32[1,3,4,2] nhwc) {
                          %c = concat(%x, %y, %x) {axis=3}
                          %t = transpose(%c) {perm=[0,3,1,2]}
                          %r = reshape(%t) {shape=[12,12]}
                          %i = identity(%r)
                          %c0 = concat(%i, %i) {axis=0}
                          return %c0, %r }
                        """),
                c("softmax_axes", """
                        graph @g(%x: f32[2,3,1001]) {
                          %a = softmax(%x) {axis=2}
                          %b = softmax(%x) {axis=1}
                          return %a, %b }
                        """),
                c("pads", """
                        graph @g(%x: f32[1,4,5,3] nhwc) {
                          %a = pad(%x) {pads=[0,1,2,0,0,2,1,1], value=1.5}
                          %b = pad(%x) {pads=[0,3,2,0,0,2,4,0], mode=reflect}
                          %c = pad(%x) {pads=[0,3,0,1,0,2,6,0], mode=edge}
                          return %a, %b, %c }
                        """),
                c("resize_modes", """
                        graph @g(%x: f32[1,5,7,3] nhwc) {
                          %a = resize(%x) {mode=nearest, coord=asymmetric, nearest=floor, size=[10,14], scales=[2.0,2.0], layout=nhwc}
                          %b = resize(%x) {mode=nearest, coord=half_pixel, nearest=round_prefer_ceil, size=[15,21], scales=[3.0,3.0], layout=nhwc}
                          %c = resize(%x) {mode=linear, coord=half_pixel, size=[10,14], scales=[2.0,2.0], layout=nhwc}
                          %d = resize(%x) {mode=linear, coord=align_corners, size=[9,4], scales=[1.8,0.5714286], layout=nhwc}
                          %e = resize(%x) {mode=linear, coord=pytorch_half_pixel, size=[1,13], scales=[0.2,1.857143], layout=nhwc}
                          %f = resize(%x) {mode=nearest, coord=tf_half_pixel_for_nn, nearest=ceil, size=[4,3], scales=[0.8,0.42857143], layout=nhwc}
                          %h = resize(%x) {mode=nearest, coord=align_corners, nearest=round_prefer_floor, size=[8,8], scales=[1.6,1.142857], layout=nhwc}
                          return %a, %b, %c, %d, %e, %f, %h }
                        """),
                c("fully_connected_and_matmul", """
                        graph @g(%x: f32[3,17], %a: f32[2,1,4,5], %b: f32[3,5,6]) {
                          %f = fully_connected(%x, @w, @bias) {act=relu}
                          %n = fully_connected(%x, @w)
                          %m = matmul(%a, %b)
                          %k = matmul(%x, @wt)
                          return %f, %n, %m, %k }
                        const @w: f32[33,17] = random(seed=24)
                        const @bias: f32[33] = random(seed=25)
                        const @wt: f32[17,8] = random(seed=26)
                        """),
                c("gather_slice_cast", """
                        graph @g(%x: f32[4,6,5], %i: i64[2,3]) {
                          %a = gather(%x, %i) {axis=1}
                          %b = gather(%x, @ci) {axis=0}
                          %s = slice(%x) {starts=[1,-1], ends=[5,-100], axes=[1,2], steps=[2,-2]}
                          %t = slice(%x) {starts=[0], ends=[9223372036854775807], axes=[0], steps=[3]}
                          %c = cast(%x) {to=i32}
                          %d = cast(%c) {to=f32}
                          %e = cast(%i) {to=f32}
                          return %a, %b, %s, %t, %c, %d, %e }
                        const @ci: i32[2] = [3, -4]
                        """),
                c("quantize_dequantize", """
                        graph @g(%x: f32[2,3,4]) {
                          %q = quantize(%x) {to=i8} : i8[2,3,4] q(0.02, -3)
                          %d = dequantize(%q)
                          %p = quantize(%x) {to=u8} : u8[2,3,4] q(axis=1, scales=[0.01,0.02,0.03], zps=[128,120,100])
                          %e = dequantize(%p)
                          return %d, %e, %q }
                        """),
                c("constants_and_inputs_as_outputs", """
                        graph @g(%x: f32[2,3]) {
                          %r = reshape(@k) {shape=[3,2]}
                          %y = add(%x, @k)
                          return @k, %x, %r, %y }
                        const @k: f32[2,3] = random(seed=27)
                        """));
    }

    private static Arguments c(String name, String ir) {
        return Arguments.of(name, ir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(String name, String ir) throws Exception {
        Harness.check(ir);
    }

    @ParameterizedTest(name = "{0} with 2 threads")
    @MethodSource("cases")
    void matchesReferenceWithTwoThreads(String name, String ir) throws Exception {
        Harness.check(dev.mnc.ir.text.IrParser.parse(ir), 2);
    }
}
