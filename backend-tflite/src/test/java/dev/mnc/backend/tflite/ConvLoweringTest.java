package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.oihw;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.backend.tflite.OracleHarness.same;
import static dev.mnc.testdata.OnnxModelBuilder.ints;

import org.junit.jupiter.api.Test;

class ConvLoweringTest {

    @Test
    void conv3x3SamePadsWithBiasAndRelu6() {
        check("""
                graph @g(%x: f32[1,9,7,5] nhwc) {
                  %y = conv2d(%x, @w, @b) {pads=[1,1,1,1], act=relu6, layout=nhwc}
                  return %y
                }
                const @w: f32[8,3,3,5] = random(seed=1)
                const @b: f32[8] = random(seed=2)
                """, g -> same(oihw(onnx("x", 1, 5, 9, 7), g, "w"), g, "b")
                .node("Conv", "x,w,b -> c", ints("pads", 1, 1, 1, 1))
                .node("Clip", "c,lo,hi -> y")
                .initializer("lo", new float[] {0f})
                .initializer("hi", new float[] {6f})
                .output("y"));
    }

    @Test
    void conv1x1WithoutBiasGetsAZeroBias() {
        check("""
                graph @g(%x: f32[2,4,4,6] nhwc) {
                  %y = conv2d(%x, @w) {act=relu, layout=nhwc}
                  return %y
                }
                const @w: f32[3,1,1,6] = random(seed=3)
                """, g -> oihw(onnx("x", 2, 6, 4, 4), g, "w")
                .node("Conv", "x,w -> c")
                .node("Relu", "c -> y")
                .output("y"));
    }
}
