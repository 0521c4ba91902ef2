package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Activations, arithmetic with broadcasting, BatchNormalization and Dropout across their opset forms. */
class ElementwiseImportTest {

    @Test
    void clipWithAttributesBeforeOpset11() {
        String ir = Ir.of(new OnnxModelBuilder(9).input("x", 1, 4, 3, 3)
                .node("Clip", "x -> y", attr("min", 0f), attr("max", 6f)).output("y"));
        assertThat(ir).contains("%y = clip(%x) {min=0.0, max=6.0} : f32[1,4,3,3] nchw");
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 12, 13})
    void clipWithConstantInputsFromOpset11(int opset) {
        String ir = Ir.of(new OnnxModelBuilder(opset).input("x", 1, 4, 3, 3)
                .initializer("lo", new float[] {0f}).initializer("hi", new float[] {6f})
                .node("Clip", "x,lo,hi -> y").output("y"));
        assertThat(ir).contains("%y = clip(%x) {min=0.0, max=6.0} : f32[1,4,3,3] nchw").doesNotContain("const @lo");
    }

    @Test
    void clipWithOnlyAMaximum() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 3).initializer("hi", new float[] {1f})
                .node("Clip", "x,,hi -> y").output("y"));
        assertThat(ir).contains("%y = clip(%x) {max=1.0} : f32[2,3]");
    }

    @Test
    void clipBoundsComputedAtRunTimeAreRefused() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 3).input("hi").node("Clip", "x,,hi -> y").output("y"))
                .hasMessageContaining("Clip max ('hi') must be a constant");
    }

    @Test
    void activations() {
        String ir = Ir.of(new OnnxModelBuilder(14).input("x", 1, 2, 3, 3)
                .node("Relu", "x -> a").node("Sigmoid", "a -> b").node("HardSigmoid", "b -> c", attr("alpha", 0.2f),
                        attr("beta", 0.5f))
                .node("HardSwish", "c -> d").node("LeakyRelu", "d -> e", attr("alpha", 0.1f)).output("e"));
        assertThat(ir).isEqualTo("""
                graph @test_graph(%x: f32[1,2,3,3] nchw) {
                  %a = relu(%x) : f32[1,2,3,3] nchw
                  %b = sigmoid(%a) : f32[1,2,3,3] nchw
                  %c = hard_sigmoid(%b) {alpha=0.2, beta=0.5} : f32[1,2,3,3] nchw
                  %d = hard_swish(%c) : f32[1,2,3,3] nchw
                  %e = leaky_relu(%d) {alpha=0.1} : f32[1,2,3,3] nchw
                  return %e
                }
                """);
    }

    @Test
    void hardSigmoidKeepsOnnxDefaults() {
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 2, 2).node("HardSigmoid", "x -> y").output("y")))
                .contains("hard_sigmoid(%x) {alpha=0.2, beta=0.5}");
    }

    @Test
    void broadcastingArithmetic() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 4, 3, 3).randomInitializer("bias", 4, 1, 1)
                .initializer("three", new float[] {3f}).initializer("six", new float[] {6f}, 1, 1, 1, 1)
                .node("Add", "x,bias -> a").node("Mul", "a,three -> m").node("Div", "m,six -> d")
                .node("Sub", "d,x -> s").output("s"));
        assertThat(ir).contains("%a = add(%x, @bias) : f32[1,4,3,3] nchw")
                .contains("%m = mul(%a, @three) : f32[1,4,3,3] nchw")
                .contains("%d = div(%m, @six) : f32[1,4,3,3] nchw")
                .contains("%s = sub(%d, %x) : f32[1,4,3,3] nchw");
    }

    @Test
    void broadcastingTwoRunTimeValues() {
        String ir = Ir.of(new OnnxModelBuilder(7).input("x", 2, 1, 5).input("y", 3, 1).node("Mul", "x,y -> z")
                .output("z"));
        assertThat(ir).contains("%z = mul(%x, %y) : f32[2,3,5]");
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 9, 14, 15})
    void batchNormalizationAcrossOpsets(int opset) {
        OnnxModelBuilder b = new OnnxModelBuilder(opset).input("x", 1, 3, 4, 4);
        for (String p : new String[] {"scale", "bias", "mean"}) {
            b.randomInitializer(p, 3);
        }
        b.randomInitializer("var", 0.5f, 2f, 3);
        String ir = Ir.of(b.node("BatchNormalization", "x,scale,bias,mean,var -> y", attr("epsilon", 1e-3f),
                attr("momentum", 0.9f)).output("y"));
        assertThat(ir).contains("%y = batch_norm(%x, @scale, @bias, @mean, @var) {eps=0.001, layout=nchw} : f32[1,3,4,4] nchw");
    }

    @Test
    void batchNormalizationTrainingIsRefused() {
        OnnxModelBuilder b = new OnnxModelBuilder(15).input("x", 1, 3, 4, 4);
        for (String p : new String[] {"scale", "bias", "mean", "var"}) {
            b.randomInitializer(p, 0.5f, 1f, 3);
        }
        Ir.fails(b.node("BatchNormalization", "x,scale,bias,mean,var -> y,rm,rv", attr("training_mode", 1))
                .output("y")).hasMessageContaining("training_mode");
        OnnxModelBuilder c = new OnnxModelBuilder(9).input("x", 1, 3, 4, 4);
        for (String p : new String[] {"scale", "bias", "mean", "var"}) {
            c.randomInitializer(p, 0.5f, 1f, 3);
        }
        Ir.fails(c.node("BatchNormalization", "x,scale,bias,mean,var -> y,m,v").node("Add", "y,m -> z").output("z"))
                .hasMessageContaining("training output 'm' is used");
    }

    @Test
    void dropoutAndIdentityBecomeIdentity() {
        String ir = Ir.of(new OnnxModelBuilder(10).input("x", 2, 3).node("Dropout", "x -> d,mask", attr("ratio", 0.3f))
                .node("Identity", "d -> y").output("y"));
        assertThat(ir).contains("%d = identity(%x) : f32[2,3]").contains("%y = identity(%d) : f32[2,3]");
    }

    @Test
    void dropoutFrom12TakesRatioAsInputAndRefusesTraining() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 3).initializer("r", new float[] {0.5f})
                .node("Dropout", "x,r -> y").output("y"));
        assertThat(ir).contains("%y = identity(%x) : f32[2,3]");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 3).initializer("r", new float[] {0.5f})
                .tensor(OnnxModelBuilder.rawTensor("t", 9, new byte[] {1})).node("Dropout", "x,r,t -> y").output("y"))
                .hasMessageContaining("training_mode is true");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 3).node("Dropout", "x -> y,mask").output("y").output("mask"))
                .hasMessageContaining("mask output 'mask' is used");
    }
}
