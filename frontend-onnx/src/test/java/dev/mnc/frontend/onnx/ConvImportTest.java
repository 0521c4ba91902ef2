package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conv and ConvTranspose: every attribute and auto_pad mode, checked against ONNX Runtime's shapes. */
class ConvImportTest {

    @ParameterizedTest
    @ValueSource(ints = {7, 11, 13, 21})
    void asymmetricPadsStrideTwoByOneAndDilation(int opset) {
        // H: (9 + 0 + 2 - 2*(3-1) - 1)/2 + 1 = 4;  W: (8 + 1 + 0 - 1*(3-1) - 1)/1 + 1 = 7
        String ir = Ir.of(new OnnxModelBuilder(opset).input("x", 1, 3, 9, 8).randomInitializer("w", 4, 3, 3, 3)
                .node("Conv", "x,w -> y", ints("pads", 0, 1, 2, 0), ints("strides", 2, 1), ints("dilations", 2, 1),
                        ints("kernel_shape", 3, 3))
                .output("y"));
        assertThat(ir).isEqualTo("""
                graph @test_graph(%x: f32[1,3,9,8] nchw) {
                  %y = conv2d(%x, @w) {strides=[2,1], dilations=[2,1], pads=[0,1,2,0], layout=nchw} : f32[1,4,4,7] nchw
                  return %y
                }
                const @w: f32[4,3,3,3]
                """);
    }

    @Test
    void groupsNeitherOneNorChannelsWithBias() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 6, 8, 8).randomInitializer("w", 4, 3, 3, 3)
                .randomInitializer("b", 4).node("Conv", "x,w,b -> y", attr("group", 2)).output("y"));
        assertThat(ir).contains("%y = conv2d(%x, @w, @b) {group=2, layout=nchw} : f32[1,4,6,6] nchw");
    }

    @Test
    void depthwiseStrideTwo() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 4, 8, 8).randomInitializer("w", 4, 1, 3, 3)
                .node("Conv", "x,w -> y", attr("group", 4), ints("pads", 1, 1, 1, 1), ints("strides", 2, 2))
                .output("y"));
        assertThat(ir).contains("%y = conv2d(%x, @w) {strides=[2,2], pads=[1,1,1,1], group=4, layout=nchw} : f32[1,4,4,4] nchw");
    }

    @Test
    void autoPadSameUpperPutsTheOddPixelAtTheEnd() {
        // H: in 7, k 4, s 2 -> out 4, total pad 3 -> 1 + 2;  W: in 8, k 3, s 2 -> out 4, total 1 -> 0 + 1
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 1, 3, 7, 8).randomInitializer("w", 2, 3, 4, 3)
                .node("Conv", "x,w -> y", attr("auto_pad", "SAME_UPPER"), ints("strides", 2, 2)).output("y"));
        assertThat(ir).contains("{strides=[2,2], pads=[1,0,2,1], layout=nchw} : f32[1,2,4,4] nchw");
    }

    @Test
    void autoPadSameLowerPutsTheOddPixelAtTheBeginning() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 1, 3, 7, 8).randomInitializer("w", 2, 3, 4, 3)
                .node("Conv", "x,w -> y", attr("auto_pad", "SAME_LOWER"), ints("strides", 2, 2)).output("y"));
        assertThat(ir).contains("{strides=[2,2], pads=[2,1,1,0], layout=nchw} : f32[1,2,4,4] nchw");
    }

    @Test
    void autoPadValidPadsNothing() {
        String ir = Ir.of(new OnnxModelBuilder(9).input("x", 1, 3, 7, 8).randomInitializer("w", 2, 3, 4, 3)
                .node("Conv", "x,w -> y", attr("auto_pad", "VALID"), ints("strides", 2, 2)).output("y"));
        assertThat(ir).contains("%y = conv2d(%x, @w) {strides=[2,2], layout=nchw} : f32[1,2,2,3] nchw");
    }

    @Test
    void oneDimensionalConvIsRefusedWithTheNodeNamed() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 3, 8).randomInitializer("w", 4, 3, 3)
                .namedNode("conv1d", "Conv", "x,w -> y").output("y"))
                .hasMessageContaining("node 'conv1d' (Conv, ai.onnx opset 13)")
                .hasMessageContaining("only 2-D Conv");
    }

    @Test
    void kernelShapeMustAgreeWithTheWeights() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 3, 8, 8).randomInitializer("w", 4, 3, 3, 3)
                .node("Conv", "x,w -> y", ints("kernel_shape", 5, 5)).output("y"))
                .hasMessageContaining("kernel_shape");
    }

    @Test
    void convTransposeWithPadsAndOutputPadding() {
        // H: 2*(5-1) + 1 + (3-1) + 1 - 2 = 10;  W: 2*(6-1) + 0 + 3 - 2 = 11
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 4, 5, 6).randomInitializer("w", 4, 2, 3, 3)
                .node("ConvTranspose", "x,w -> y", ints("strides", 2, 2), ints("pads", 1, 1, 1, 1),
                        ints("output_padding", 1, 0))
                .output("y"));
        assertThat(ir).contains("%y = conv_transpose2d(%x, @w) {strides=[2,2], pads=[1,1,1,1], output_padding=[1,0], "
                + "layout=nchw} : f32[1,2,10,11] nchw");
    }

    @Test
    void convTransposeOutputShapeBecomesPads() {
        // total pad H = 2*4 + 3 - 10 = 1, W = 2*5 + 3 - 12 = 1; NOTSET puts the odd one first
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 1, 4, 5, 6).randomInitializer("w", 4, 2, 3, 3)
                .node("ConvTranspose", "x,w -> y", ints("strides", 2, 2), ints("output_shape", 10, 12)).output("y"));
        assertThat(ir).contains("{strides=[2,2], pads=[1,1,0,0], layout=nchw} : f32[1,2,10,12] nchw");
    }

    @Test
    void convTransposeSameUpperGivesInputTimesStride() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 1, 4, 5, 6).randomInitializer("w", 4, 2, 3, 3)
                .node("ConvTranspose", "x,w -> y", ints("strides", 2, 2), attr("auto_pad", "SAME_UPPER")).output("y"));
        assertThat(ir).contains("{strides=[2,2], pads=[0,0,1,1], layout=nchw} : f32[1,2,10,12] nchw");
    }

    @Test
    void groupedConvTransposeWithBias() {
        String ir = Ir.of(new OnnxModelBuilder(12).input("x", 1, 4, 5, 5).randomInitializer("w", 4, 3, 2, 2)
                .randomInitializer("b", 6).node("ConvTranspose", "x,w,b -> y", ints("strides", 2, 2), attr("group", 2))
                .output("y"));
        assertThat(ir).contains("%y = conv_transpose2d(%x, @w, @b) {strides=[2,2], group=2, layout=nchw} : f32[1,6,10,10] nchw");
    }
}
