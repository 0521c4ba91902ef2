package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;

/** Gemm, MatMul and Softmax in their opset and attribute variants. */
class LinearImportTest {

    @Test
    void gemmTransBOneIsAFullyConnectedLayerAsIs() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 8).randomInitializer("W", 5, 8).randomInitializer("b", 5)
                .node("Gemm", "x,W,b -> y", attr("transB", 1)).output("y"));
        assertThat(ir).contains("%y = fully_connected(%x, @W, @b) : f32[2,5]").contains("const @W: f32[5,8]");
    }

    @Test
    void gemmTransBZeroTransposesTheWeight() {
        String ir = Ir.of(new OnnxModelBuilder(9).input("x", 2, 8).randomInitializer("W", 8, 5).randomInitializer("b", 5)
                .node("Gemm", "x,W,b -> y").output("y"));
        assertThat(ir).contains("%y = fully_connected(%x, @W/t, @b) : f32[2,5]").contains("const @W/t: f32[5,8]")
                .doesNotContain("const @W:");
    }

    @Test
    void gemmAlphaAndBetaScaleWeightAndBias() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 2, 8).randomInitializer("W", 5, 8).randomInitializer("C", 1, 5)
                .node("Gemm", "x,W,C -> y", attr("transB", 1), attr("alpha", 2f), attr("beta", 0.5f)).output("y"));
        assertThat(ir).contains("%y = fully_connected(%x, @W/alpha, @C/bias) : f32[2,5]")
                .contains("const @W/alpha: f32[5,8]").contains("const @C/bias: f32[5]");
    }

    @Test
    void gemmWithAFullMatrixCAddsItAfterwards() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 8).randomInitializer("W", 5, 8).randomInitializer("C", 2, 5)
                .node("Gemm", "x,W,C -> y", attr("transB", 1)).output("y"));
        assertThat(ir).contains("%y/fc = fully_connected(%x, @W) : f32[2,5]").contains("%y = add(%y/fc, @C) : f32[2,5]");
    }

    @Test
    void gemmTransAAndNoC() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 8, 2).randomInitializer("W", 5, 8)
                .node("Gemm", "x,W -> y", attr("transA", 1), attr("transB", 1)).output("y"));
        assertThat(ir).contains("%y/a_t = transpose(%x) {perm=[1,0]} : f32[2,8]")
                .contains("%y = fully_connected(%y/a_t, @W) : f32[2,5]");
    }

    @Test
    void gemmWithARunTimeBIsMatMulAndArithmetic() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("a", 2, 8).input("b", 5, 8).randomInitializer("C", 5)
                .node("Gemm", "a,b,C -> y", attr("transB", 1), attr("alpha", 2f), attr("beta", 3f)).output("y"));
        assertThat(ir).isEqualTo("""
                graph @test_graph(%a: f32[2,8], %b: f32[5,8]) {
                  %y/b_t = transpose(%b) {perm=[1,0]} : f32[8,5]
                  %y/matmul = matmul(%a, %y/b_t) : f32[2,5]
                  %y/scaled = mul(%y/matmul, @y/alpha) : f32[2,5]
                  %y/c = mul(@C, @y/beta) : f32[5]
                  %y = add(%y/scaled, %y/c) : f32[2,5]
                  return %y
                }
                const @y/alpha: f32[]
                const @C: f32[5]
                const @y/beta: f32[]
                """);
    }

    @Test
    void matMulInItsRanks() {
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 2, 3, 8).randomInitializer("W", 8, 5)
                .node("MatMul", "x,W -> y").output("y"))).contains("%y = matmul(%x, @W) : f32[2,3,5]");
        assertThat(Ir.of(new OnnxModelBuilder(9).input("a", 8).randomInitializer("W", 8, 5)
                .node("MatMul", "a,W -> y").output("y"))).contains("%y/a_row = reshape(%a) {shape=[1,8]} : f32[1,8]")
                .contains("%y/matmul = matmul(%y/a_row, @W) : f32[1,5]").contains("%y = reshape(%y/matmul) {shape=[5]} : f32[5]");
        assertThat(Ir.of(new OnnxModelBuilder(13).input("a", 2, 8).randomInitializer("v", 8)
                .node("MatMul", "a,v -> y").output("y"))).contains("%y = reshape(%y/matmul) {shape=[2]} : f32[2]");
    }

    @Test
    void softmaxBeforeOpset13FlattensAtTheAxis() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 2, 3, 4).node("Softmax", "x -> y", attr("axis", 1)).output("y"));
        assertThat(ir).isEqualTo("""
                graph @test_graph(%x: f32[2,3,4]) {
                  %y/2d = reshape(%x) {shape=[2,12]} : f32[2,12]
                  %y/softmax = softmax(%y/2d) {axis=1} : f32[2,12]
                  %y = reshape(%y/softmax) {shape=[2,3,4]} : f32[2,3,4]
                  return %y
                }
                """);
    }

    @Test
    void softmaxFrom13IsPerAxis() {
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 2, 3, 4).node("Softmax", "x -> y", attr("axis", 1))
                .output("y"))).contains("%y = softmax(%x) {axis=1} : f32[2,3,4]").doesNotContain("reshape");
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 2, 3, 4).node("Softmax", "x -> y").output("y")))
                .contains("%y = softmax(%x) {axis=2} : f32[2,3,4]");
    }

    @Test
    void softmaxBefore13NeedsNoReshapeWhenTheAxisIsLastOrFollowedByOnes() {
        assertThat(Ir.of(new OnnxModelBuilder(11).input("x", 1, 10).node("Softmax", "x -> y").output("y")))
                .contains("%y = softmax(%x) {axis=1} : f32[1,10]");
        assertThat(Ir.of(new OnnxModelBuilder(7).input("x", 1, 10, 1, 1).node("Softmax", "x -> y").output("y")))
                .contains("%y = softmax(%x) {axis=1} : f32[1,10,1,1] nchw").doesNotContain("reshape");
    }
}
