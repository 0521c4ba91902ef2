package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.floats;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;

/** Pad, Resize and Upsample in each opset form. */
class PadResizeImportTest {

    @Test
    void padWithAttributesBeforeOpset11() {
        assertThat(Ir.of(new OnnxModelBuilder(7).input("x", 1, 2, 3, 3)
                .node("Pad", "x -> y", ints("pads", 0, 0, 1, 2, 0, 0, 1, 0), attr("value", 1.5f)).output("y")))
                .contains("%y = pad(%x) {pads=[0,0,1,2,0,0,1,0], value=1.5} : f32[1,2,5,5] nchw");
    }

    @Test
    void padWithInputsFromOpset11() {
        assertThat(Ir.of(new OnnxModelBuilder(11).input("x", 1, 2, 3, 3)
                .initializer("p", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8).node("Pad", "x,p -> y", attr("mode", "reflect"))
                .output("y"))).contains("%y = pad(%x) {pads=[0,0,1,1,0,0,1,1], mode=reflect} : f32[1,2,5,5] nchw");
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 1, 2, 3, 3)
                .initializer("p", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8).initializer("v", new float[] {-1f})
                .node("Pad", "x,p,v -> y").output("y"))).contains("{pads=[0,0,1,1,0,0,1,1], value=-1.0}");
    }

    @Test
    void padAxesFromOpset18() {
        assertThat(Ir.of(new OnnxModelBuilder(18).input("x", 1, 2, 3, 3)
                .initializer("p", new long[] {1, 1, 2, 2}, 4).initializer("ax", new long[] {2, -1}, 2)
                .node("Pad", "x,p,,ax -> y", attr("mode", "edge")).output("y")))
                .contains("%y = pad(%x) {pads=[0,0,1,1,0,0,2,2], mode=edge} : f32[1,2,6,6] nchw");
    }

    @Test
    void padRefusesCroppingAndWrap() {
        Ir.fails(new OnnxModelBuilder(11).input("x", 1, 2, 3, 3)
                .initializer("p", new long[] {0, 0, -1, 0, 0, 0, 0, 0}, 8).node("Pad", "x,p -> y").output("y"))
                .hasMessageContaining("negative pads");
        Ir.fails(new OnnxModelBuilder(19).input("x", 1, 2, 3, 3)
                .initializer("p", new long[] {0, 0, 1, 0, 0, 0, 0, 0}, 8).node("Pad", "x,p -> y", attr("mode", "wrap"))
                .output("y")).hasMessageContaining("mode 'wrap' is not supported");
    }

    @Test
    void resize10IsAsymmetricWithNearestByDirection() {
        assertThat(Ir.of(new OnnxModelBuilder(10).input("x", 1, 2, 3, 4).initializer("s", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", "x,s -> y").output("y")))
                .contains("%y = resize(%x) {mode=nearest, coord=asymmetric, nearest=floor, size=[6,8], scales=[2.0,2.0], "
                        + "layout=nchw} : f32[1,2,6,8] nchw");
        assertThat(Ir.of(new OnnxModelBuilder(10).input("x", 1, 2, 4, 6).initializer("s", new float[] {1, 1, 0.5f, 0.5f}, 4)
                .node("Resize", "x,s -> y").output("y"))).contains("nearest=ceil, size=[2,3], scales=[0.5,0.5]");
    }

    @Test
    void resize11WithScalesDefaultsToHalfPixel() {
        assertThat(Ir.of(new OnnxModelBuilder(11).input("x", 1, 2, 3, 4).initializer("roi", new float[0], 0)
                .initializer("s", new float[] {1, 1, 2, 2}, 4).node("Resize", "x,roi,s -> y", attr("mode", "linear"))
                .output("y")))
                .contains("%y = resize(%x) {mode=linear, coord=half_pixel, size=[6,8], scales=[2.0,2.0], layout=nchw}");
    }

    @Test
    void resizeWithSizesComputesScales() {
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).initializer("sz", new long[] {1, 2, 5, 7}, 4)
                .node("Resize", "x,,,sz -> y", attr("mode", "linear"),
                        attr("coordinate_transformation_mode", "align_corners")).output("y")))
                .contains("{mode=linear, coord=align_corners, size=[5,7], scales=[1.6666666,1.75], layout=nchw} "
                        + ": f32[1,2,5,7] nchw");
    }

    @Test
    void resizeNearestModesAsPaddleAndPyTorchWriteThem() {
        assertThat(Ir.of(new OnnxModelBuilder(12).input("x", 1, 2, 3, 4).initializer("roi", new float[0], 0)
                .initializer("s", new float[] {1, 1, 2, 2}, 4).node("Resize", "x,roi,s -> y",
                        attr("coordinate_transformation_mode", "asymmetric"), attr("nearest_mode", "floor"))
                .output("y"))).contains("{mode=nearest, coord=asymmetric, nearest=floor, size=[6,8]");
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).initializer("s", new float[] {1, 1, 1.5f, 2}, 4)
                .node("Resize", "x,,s -> y", attr("coordinate_transformation_mode", "pytorch_half_pixel"),
                        attr("nearest_mode", "round_prefer_ceil"))
                .output("y"))).contains("{mode=nearest, coord=pytorch_half_pixel, nearest=round_prefer_ceil, size=[4,8], "
                        + "scales=[1.5,2.0]");
    }

    @Test
    void resizeAxesFromOpset18() {
        assertThat(Ir.of(new OnnxModelBuilder(18).input("x", 1, 2, 3, 4).initializer("s", new float[] {2, 3}, 2)
                .node("Resize", "x,,s -> y", ints("axes", 2, 3)).output("y"))).contains("size=[6,12], scales=[2.0,3.0]");
    }

    @Test
    void resizeRefusesWhatTheIrCannotSay() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).initializer("s", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", "x,,s -> y", attr("mode", "cubic")).output("y")).hasMessageContaining("mode 'cubic'");
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).initializer("s", new float[] {1, 2, 2, 2}, 4)
                .node("Resize", "x,,s -> y").output("y")).hasMessageContaining("only H and W may change");
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).initializer("s", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", "x,,s -> y", attr("coordinate_transformation_mode", "tf_crop_and_resize")).output("y"))
                .hasMessageContaining("tf_crop_and_resize");
    }

    @Test
    void upsampleWithScalesAttributeAndInput() {
        assertThat(Ir.of(new OnnxModelBuilder(7).input("x", 1, 2, 3, 4)
                .node("Upsample", "x -> y", floats("scales", 1, 1, 2, 2)).output("y")))
                .contains("%y = resize(%x) {mode=nearest, coord=asymmetric, nearest=floor, size=[6,8], scales=[2.0,2.0]");
        assertThat(Ir.of(new OnnxModelBuilder(9).input("x", 1, 2, 3, 4).initializer("s", new float[] {1, 1, 2, 3}, 4)
                .node("Upsample", "x,s -> y", attr("mode", "linear")).output("y")))
                .contains("%y = resize(%x) {mode=linear, coord=asymmetric, size=[6,12], scales=[2.0,3.0]");
    }
}
