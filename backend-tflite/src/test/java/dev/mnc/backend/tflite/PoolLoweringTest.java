package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pooling and mean through the TFLite interpreter against ONNX Runtime. */
class PoolLoweringTest {

    private static List<String> ops(OracleHarness.Result r) {
        return TfliteReader.read(r.tflite()).operators().stream().map(OperatorInfo::op).toList();
    }

    @Test
    void maxPoolValidSameAndExplicit() {
        var valid = check("""
                graph @g(%x: f32[1,8,8,4] nhwc) {
                  %y = max_pool2d(%x) {kernel=[2,2], strides=[2,2], layout=nhwc}
                  return %y
                }
                """, g -> onnx("x", 1, 4, 8, 8)
                .node("MaxPool", "x -> y", ints("kernel_shape", 2, 2), ints("strides", 2, 2)).output("y"));
        assertThat(ops(valid)).containsExactly("MAX_POOL_2D");
        var same = check("""
                graph @g(%x: f32[1,8,8,4] nhwc) {
                  %y = max_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[0,0,1,1], layout=nhwc}
                  return %y
                }
                """, g -> onnx("x", 1, 4, 8, 8)
                .node("MaxPool", "x -> y", ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 0, 0, 1, 1))
                .output("y"));
        assertThat(ops(same)).containsExactly("MAX_POOL_2D");
        // PaddleOCR's MaxPool: k=3, s=2, pads 1 all round; the padded taps must never win, even for negative inputs.
        var explicit = check("""
                graph @g(%x: f32[1,8,8,4] nhwc) {
                  %y = max_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[1,1,1,1], layout=nhwc}
                  return %y
                }
                """, g -> onnx("x", 1, 4, 8, 8)
                .node("MaxPool", "x -> y", ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
                .output("y"));
        assertThat(ops(explicit)).containsExactly("PADV2", "MAX_POOL_2D");
    }

    @Test
    void averagePoolExcludingPaddingThatSameReproduces() {
        var r = check("""
                graph @g(%x: f32[1,7,7,3] nhwc) {
                  %y = avg_pool2d(%x) {kernel=[3,3], pads=[1,1,1,1], layout=nhwc}
                  return %y
                }
                """, g -> onnx("x", 1, 3, 7, 7)
                .node("AveragePool", "x -> y", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)).output("y"));
        assertThat(ops(r)).containsExactly("AVERAGE_POOL_2D");
    }

    @Test
    void averagePoolExcludingPaddingThatSameCannotPlace() {
        var r = check("""
                graph @g(%x: f32[1,8,8,3] nhwc) {
                  %y = avg_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[1,1,1,1], layout=nhwc}
                  return %y
                }
                """, g -> onnx("x", 1, 3, 8, 8)
                .node("AveragePool", "x -> y", ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
                .output("y"));
        assertThat(ops(r)).containsExactly("PAD", "AVERAGE_POOL_2D", "MUL");
    }

    @Test
    void averagePoolCountingPadding() {
        var r = check("""
                graph @g(%x: f32[1,7,7,3] nhwc) {
                  %y = avg_pool2d(%x) {kernel=[3,3], pads=[1,1,1,1], count_include_pad=true, layout=nhwc}
                  return %y
                }
                """, g -> onnx("x", 1, 3, 7, 7)
                .node("AveragePool", "x -> y", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                        attr("count_include_pad", 1L))
                .output("y"));
        assertThat(ops(r)).containsExactly("PAD", "AVERAGE_POOL_2D");
    }

    @Test
    void globalPoolingAsAveragePoolAndAsMean() {
        check("""
                graph @g(%x: f32[1,7,7,16] nhwc) {
                  %y = avg_pool2d(%x) {kernel=[7,7], layout=nhwc}
                  return %y
                }
                """, g -> onnx("x", 1, 16, 7, 7).node("GlobalAveragePool", "x -> y").output("y"));
        var kept = check("""
                graph @g(%x: f32[2,5,6,16] nhwc) {
                  %y = mean(%x) {axes=[1,2], keep_dims=true}
                  return %y
                }
                """, g -> onnx("x", 2, 16, 5, 6).node("GlobalAveragePool", "x -> y").output("y"));
        assertThat(ops(kept)).containsExactly("MEAN");
        check("""
                graph @g(%x: f32[2,5,6,16] nhwc) {
                  %y = mean(%x) {axes=[1,2], keep_dims=false}
                  return %y
                }
                """, g -> onnx("x", 2, 16, 5, 6)
                .node("ReduceMean", "x -> y", ints("axes", 2, 3), attr("keepdims", 0L)).output("y"));
    }
}
