package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.iohw;
import static dev.mnc.backend.tflite.OracleHarness.oihw;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.backend.tflite.OracleHarness.same;
import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;

/**
 * The pieces PaddleOCR's MobileNetV3 models are made of, chained as they are there: hard-swish
 * convs, a squeeze-excite block (mean, two 1x1 convs, hard_sigmoid, broadcast multiply), a (2,1)
 * stride depthwise conv, max pooling, and a DB-style head (transposed convs, resize, sigmoid).
 */
class MobileNetV3BlocksTest {

    @Test
    void squeezeExciteBlockWithHardSwishAndTallStride() {
        var r = check("""
                graph @g(%x: f32[1,12,24,8] nhwc) {
                  %c = conv2d(%x, @w1, @b1) {layout=nhwc}
                  %h = hard_swish(%c)
                  %d = conv2d(%h, @w2, @b2) {strides=[2,1], pads=[1,1,1,1], group=16, layout=nhwc}
                  %s = mean(%d) {axes=[1,2], keep_dims=true}
                  %s1 = conv2d(%s, @w3, @b3) {act=relu, layout=nhwc}
                  %s2 = conv2d(%s1, @w4, @b4) {layout=nhwc}
                  %g = hard_sigmoid(%s2) {alpha=0.2, beta=0.5}
                  %e = mul(%d, %g)
                  %p = max_pool2d(%e) {kernel=[3,3], strides=[2,2], pads=[1,1,1,1], layout=nhwc}
                  return %p
                }
                const @w1: f32[16,1,1,8] = random(seed=1)
                const @b1: f32[16] = random(seed=2)
                const @w2: f32[16,3,3,1] = random(seed=3)
                const @b2: f32[16] = random(seed=4)
                const @w3: f32[4,1,1,16] = random(seed=5)
                const @b3: f32[4] = random(seed=6)
                const @w4: f32[16,1,1,4] = random(seed=7)
                const @b4: f32[16] = random(seed=8)
                """, g -> {
                    OnnxModelBuilder b = OracleHarness.floatInput(new OnnxModelBuilder(14), "x", 1, 8, 12, 24);
                    for (String w : new String[] {"w1", "w2", "w3", "w4"}) {
                        oihw(b, g, w);
                    }
                    for (String bias : new String[] {"b1", "b2", "b3", "b4"}) {
                        same(b, g, bias);
                    }
                    return b.node("Conv", "x,w1,b1 -> c").node("HardSwish", "c -> h")
                            .node("Conv", "h,w2,b2 -> d", ints("strides", 2, 1), ints("pads", 1, 1, 1, 1),
                                    attr("group", 16L))
                            .node("GlobalAveragePool", "d -> s")
                            .node("Conv", "s,w3,b3 -> s1a").node("Relu", "s1a -> s1")
                            .node("Conv", "s1,w4,b4 -> s2")
                            .node("HardSigmoid", "s2 -> g", attr("alpha", 0.2f), attr("beta", 0.5f))
                            .node("Mul", "d,g -> e")
                            .node("MaxPool", "e -> p", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                                    ints("pads", 1, 1, 1, 1))
                            .output("p");
                });
        assertThat(TfliteReader.read(r.tflite()).operatorCounts()).doesNotContainKey("TRANSPOSE")
                .containsEntry("HARD_SWISH", 1).containsEntry("DEPTHWISE_CONV_2D", 1).containsEntry("MEAN", 1);
    }

    @Test
    void dbHeadUpsamplesWithTransposedConvsAndResize() {
        var r = check("""
                graph @g(%x: f32[1,8,8,16] nhwc, %skip: f32[1,16,16,4] nhwc) {
                  %u = resize(%x) {mode=nearest, coord=asymmetric, nearest=floor, size=[16,16], scales=[2.0,2.0], layout=nhwc}
                  %r = conv2d(%u, @w0) {layout=nhwc}
                  %a = add(%r, %skip)
                  %c = conv2d(%a, @w1, @b1) {pads=[1,1,1,1], act=relu, layout=nhwc}
                  %t1 = conv_transpose2d(%c, @w2, @b2) {strides=[2,2], act=relu, layout=nhwc}
                  %t2 = conv_transpose2d(%t1, @w3, @b3) {strides=[2,2], layout=nhwc}
                  %y = sigmoid(%t2)
                  return %y
                }
                const @w0: f32[4,1,1,16] = random(seed=10)
                const @w1: f32[4,3,3,4] = random(seed=11)
                const @b1: f32[4] = random(seed=12)
                const @w2: f32[4,2,2,4] = random(seed=13)
                const @b2: f32[4] = random(seed=14)
                const @w3: f32[1,2,2,4] = random(seed=15)
                const @b3: f32[1] = random(seed=16)
                """, g -> {
                    OnnxModelBuilder b = OracleHarness.floatInput(onnx("x", 1, 16, 8, 8), "skip", 1, 4, 16, 16);
                    oihw(b, g, "w0");
                    oihw(b, g, "w1");
                    iohw(b, g, "w2");
                    iohw(b, g, "w3");
                    same(same(same(b, g, "b1"), g, "b2"), g, "b3");
                    return b.initializer("scales", new float[] {1, 1, 2, 2}, 4)
                            .node("Resize", "x,,scales -> u", attr("mode", "nearest"),
                                    attr("coordinate_transformation_mode", "asymmetric"), attr("nearest_mode", "floor"))
                            .node("Conv", "u,w0 -> r").node("Add", "r,skip -> a")
                            .node("Conv", "a,w1,b1 -> c0", ints("pads", 1, 1, 1, 1)).node("Relu", "c0 -> c")
                            .node("ConvTranspose", "c,w2,b2 -> t1", ints("strides", 2, 2)).node("Relu", "t1 -> t1r")
                            .node("ConvTranspose", "t1r,w3,b3 -> t2", ints("strides", 2, 2)).node("Sigmoid", "t2 -> y")
                            .output("y");
                });
        assertThat(TfliteReader.read(r.tflite()).operatorCounts()).containsEntry("TRANSPOSE_CONV", 2)
                .doesNotContainKey("RELU");
    }
}
