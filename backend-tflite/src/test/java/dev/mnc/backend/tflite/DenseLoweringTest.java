package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.floatInput;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.backend.tflite.OracleHarness.same;
import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fully_connected and matmul through the TFLite interpreter against ONNX Runtime's Gemm and MatMul. */
class DenseLoweringTest {

    private static List<String> ops(OracleHarness.Result r) {
        return TfliteReader.read(r.tflite()).operators().stream().map(OperatorInfo::op).toList();
    }

    @Test
    void fullyConnectedWithAndWithoutBias() {
        var r = check("""
                graph @g(%x: f32[3,20]) {
                  %a = fully_connected(%x, @w, @b) {act=relu}
                  %c = fully_connected(%x, @w)
                  return %a, %c
                }
                const @w: f32[7,20] = random(seed=1)
                const @b: f32[7] = random(seed=2)
                """, g -> same(same(onnx("x", 3, 20), g, "w"), g, "b")
                .node("Gemm", "x,w,b -> a0", attr("transB", 1L)).node("Relu", "a0 -> a")
                .node("Gemm", "x,w -> c", attr("transB", 1L))
                .output("a").output("c"));
        TfliteModel m = TfliteReader.read(r.tflite());
        assertThat(m.operators().get(0).options()).containsEntry("fused_activation_function", "RELU")
                .containsEntry("keep_num_dims", false);
        // Both layers read one weight tensor; the weight counts once in the total.
        assertThat(m.parameters()).isEqualTo(7 * 20 + 7 + 7);
        assertThat(m.macs()).isEqualTo(2L * 3 * 7 * 20);
    }

    @Test
    void matmulByAConstantIsAFullyConnectedLayer() {
        var r = check("""
                graph @g(%x: f32[4,16]) {
                  %y = matmul(%x, @m)
                  return %y
                }
                const @m: f32[16,5] = random(seed=3)
                """, g -> same(onnx("x", 4, 16), g, "m").node("MatMul", "x,m -> y").output("y"));
        assertThat(ops(r)).containsExactly("FULLY_CONNECTED");
        assertThat(TfliteReader.read(r.tflite()).operators().get(0).inputs().get(1).shape()).containsExactly(5, 16);
    }

    @Test
    void batchedMatmulOfTwoActivations() {
        var r = check("""
                graph @g(%a: f32[2,3,4,5], %b: f32[3,5,6]) {
                  %y = matmul(%a, %b)
                  return %y
                }
                """, g -> floatInput(onnx("a", 2, 3, 4, 5), "b", 3, 5, 6).node("MatMul", "a,b -> y").output("y"));
        assertThat(ops(r)).containsExactly("BATCH_MATMUL");
        assertThat(TfliteReader.read(r.tflite()).macs()).isEqualTo(2L * 3 * 4 * 6 * 5);
    }
}
