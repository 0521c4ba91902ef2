package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.floatInput;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.backend.tflite.OracleHarness.same;
import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Elementwise ops and activations through the TFLite interpreter against ONNX Runtime. */
class ElementwiseLoweringTest {

    private static List<String> ops(OracleHarness.Result r) {
        return TfliteReader.read(r.tflite()).operators().stream().map(OperatorInfo::op).toList();
    }

    private static OnnxModelBuilder clip(OnnxModelBuilder b, String io, float lo, float hi) {
        String[] names = io.split("->");
        String in = names[0].trim();
        String out = names[1].trim();
        return b.initializer(out + "_lo", new float[] {lo}).initializer(out + "_hi", new float[] {hi})
                .node("Clip", in + "," + out + "_lo," + out + "_hi -> " + out);
    }

    @Test
    void addOfTwoActivationsWithFusedRelu6() {
        var r = check("""
                graph @g(%a: f32[1,4,5,8] nhwc, %b: f32[1,4,5,8] nhwc) {
                  %y = add(%a, %b) {act=relu6}
                  return %y
                }
                """, g -> clip(floatInput(onnx("a", 1, 8, 4, 5), "b", 1, 8, 4, 5).node("Add", "a,b -> s"), "s -> y", 0, 6)
                .output("y"));
        assertThat(TfliteReader.read(r.tflite()).operators().get(0).options())
                .containsEntry("fused_activation_function", "RELU6");
    }

    @Test
    void subMulDivBroadcastingAConstantWithFusedActivations() {
        check("""
                graph @g(%x: f32[3,8]) {
                  %s = sub(%x, @c) {act=relu}
                  %m = mul(%s, @c) {act=relu_n1_to_1}
                  %y = div(%x, @d) {act=relu6}
                  return %m, %y
                }
                const @c: f32[8] = random(seed=1)
                const @d: f32[8] = random(seed=2, min=0.5, max=2)
                """, g -> {
                    OnnxModelBuilder b = same(same(onnx("x", 3, 8), g, "c"), g, "d");
                    b.node("Sub", "x,c -> s0").node("Relu", "s0 -> s");
                    clip(b.node("Mul", "s,c -> m0"), "m0 -> m", -1, 1);
                    return clip(b.node("Div", "x,d -> y0"), "y0 -> y", 0, 6).output("m").output("y");
                });
    }

    @Test
    void activations() {
        check("""
                graph @g(%x: f32[2,3,4,5] nhwc) {
                  %r = relu(%x)
                  %s = sigmoid(%x)
                  %l = leaky_relu(%x) {alpha=0.1}
                  return %r, %s, %l
                }
                """, g -> onnx("x", 2, 5, 3, 4).node("Relu", "x -> r").node("Sigmoid", "x -> s")
                .node("LeakyRelu", "x -> l", attr("alpha", 0.1f)).output("r").output("s").output("l"));
        var hs = check("""
                graph @g(%x: f32[1,6,6,4] nhwc) {
                  %y = hard_swish(%x)
                  return %y
                }
                """, g -> OracleHarness.floatInput(new OnnxModelBuilder(14), "x", 1, 4, 6, 6).node("HardSwish", "x -> y")
                .output("y"));
        assertThat(ops(hs)).containsExactly("HARD_SWISH");
    }

    @Test
    void clipsBecomeReluFamilyOrMinimumMaximum() {
        var r = check("""
                graph @g(%x: f32[4,6]) {
                  %a = clip(%x) {min=0.0, max=6.0}
                  %b = clip(%x) {min=-1.0, max=1.0}
                  %c = clip(%x) {min=0.0}
                  %d = clip(%x) {min=-0.5, max=0.75}
                  %e = clip(%x) {max=0.3}
                  return %a, %b, %c, %d, %e
                }
                """, g -> {
                    OnnxModelBuilder b = onnx("x", 4, 6);
                    clip(b, "x -> a", 0, 6);
                    clip(b, "x -> b", -1, 1);
                    b.node("Relu", "x -> c");
                    clip(b, "x -> d", -0.5f, 0.75f);
                    return clip(b, "x -> e", -Float.MAX_VALUE, 0.3f).output("a").output("b").output("c").output("d")
                            .output("e");
                });
        assertThat(ops(r)).containsExactly("RELU6", "RELU_N1_TO_1", "RELU", "MINIMUM", "MAXIMUM", "MINIMUM");
    }

    @Test
    void hardSigmoidWithPaddleAndMobileNetV3Constants() {
        check("""
                graph @g(%x: f32[1,5,5,8] nhwc) {
                  %a = hard_sigmoid(%x) {alpha=0.2, beta=0.5}
                  %b = hard_sigmoid(%x) {alpha=0.16666667, beta=0.5}
                  return %a, %b
                }
                """, g -> onnx("x", 1, 8, 5, 5)
                .node("HardSigmoid", "x -> a", attr("alpha", 0.2f), attr("beta", 0.5f))
                .node("HardSigmoid", "x -> b", attr("alpha", 0.16666667f), attr("beta", 0.5f))
                .output("a").output("b"));
    }

    @Test
    void batchNormFoldsIntoMulAndAdd() {
        var r = check("""
                graph @g(%x: f32[1,4,4,6] nhwc) {
                  %y = batch_norm(%x, @gamma, @beta, @mean, @var) {eps=0.001, layout=nhwc}
                  return %y
                }
                const @gamma: f32[6] = random(seed=1)
                const @beta: f32[6] = random(seed=2)
                const @mean: f32[6] = random(seed=3)
                const @var: f32[6] = random(seed=4, min=0.1, max=2)
                """, g -> same(same(same(same(onnx("x", 1, 6, 4, 4), g, "gamma"), g, "beta"), g, "mean"), g, "var")
                .node("BatchNormalization", "x,gamma,beta,mean,var -> y", attr("epsilon", 0.001f)).output("y"));
        assertThat(ops(r)).containsExactly("MUL", "ADD");
        check("""
                graph @g(%x: f32[2,6,5]) {
                  %y = batch_norm(%x, @gamma, @beta, @mean, @var) {eps=0.00001}
                  return %y
                }
                const @gamma: f32[6] = random(seed=5)
                const @beta: f32[6] = random(seed=6)
                const @mean: f32[6] = random(seed=7)
                const @var: f32[6] = random(seed=8, min=0.1, max=2)
                """, g -> same(same(same(same(onnx("x", 2, 6, 5), g, "gamma"), g, "beta"), g, "mean"), g, "var")
                .node("BatchNormalization", "x,gamma,beta,mean,var -> y").output("y"));
    }
}
