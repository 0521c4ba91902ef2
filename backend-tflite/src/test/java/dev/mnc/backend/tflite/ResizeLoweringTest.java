package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import org.junit.jupiter.api.Test;

/** resize through the TFLite interpreter against ONNX Runtime's Resize, mode by mode. */
class ResizeLoweringTest {

    /**
     * Runs IR resize of a [1,h,w,3] input to [oh,ow] with the given IR attributes against ONNX
     * Resize given the output sizes (so both sides use the scale out/in).
     */
    private static OracleHarness.Result resize(int h, int w, int oh, int ow, String mode, String coord, String nearest) {
        String ir = """
                graph @g(%%x: f32[1,%d,%d,3] nhwc) {
                  %%y = resize(%%x) {mode=%s, coord=%s, nearest=%s, size=[%d,%d], scales=[%s,%s], layout=nhwc}
                  return %%y
                }
                """.formatted(h, w, mode, coord, nearest, oh, ow, (float) oh / h, (float) ow / w);
        return check(ir, g -> onnx("x", 1, 3, h, w).initializer("sizes", new long[] {1, 3, oh, ow}, 4)
                .node("Resize", "x,,,sizes -> y", attr("mode", mode), attr("coordinate_transformation_mode", coord),
                        attr("nearest_mode", nearest))
                .output("y"));
    }

    private static OperatorInfo op(OracleHarness.Result r) {
        return TfliteReader.read(r.tflite()).operators().get(0);
    }

    @Test
    void bilinearModes() {
        OperatorInfo half = op(resize(7, 5, 14, 10, "linear", "half_pixel", "round_prefer_floor"));
        assertThat(half.op()).isEqualTo("RESIZE_BILINEAR");
        assertThat(half.options()).containsEntry("half_pixel_centers", true).containsEntry("align_corners", false);
        assertThat(half.version()).isEqualTo(3);
        OperatorInfo corners = op(resize(5, 4, 9, 7, "linear", "align_corners", "round_prefer_floor"));
        assertThat(corners.options()).containsEntry("align_corners", true);
        OperatorInfo asym = op(resize(4, 6, 8, 12, "linear", "asymmetric", "round_prefer_floor"));
        assertThat(asym.options()).containsEntry("align_corners", false).containsEntry("half_pixel_centers", false);
        resize(6, 6, 9, 3, "linear", "pytorch_half_pixel", "round_prefer_floor");
    }

    @Test
    void nearestModes() {
        // Halving with half_pixel and round_prefer_floor lands on ties, rounded down: TFLite's plain floor does that.
        OperatorInfo halved = op(resize(8, 8, 4, 4, "nearest", "half_pixel", "round_prefer_floor"));
        assertThat(halved.options()).containsEntry("half_pixel_centers", false).containsEntry("align_corners", false);
        OperatorInfo floor = op(resize(5, 4, 10, 8, "nearest", "asymmetric", "floor"));
        assertThat(floor.op()).isEqualTo("RESIZE_NEAREST_NEIGHBOR");
        assertThat(floor.options()).containsEntry("half_pixel_centers", false).containsEntry("align_corners", false);
        OperatorInfo down = op(resize(8, 8, 4, 4, "nearest", "half_pixel", "round_prefer_ceil"));
        assertThat(down.options()).containsEntry("half_pixel_centers", true);
        resize(6, 5, 12, 10, "nearest", "half_pixel", "round_prefer_floor");
        resize(6, 5, 3, 10, "nearest", "tf_half_pixel_for_nn", "floor");
        resize(5, 6, 9, 11, "nearest", "align_corners", "round_prefer_ceil");
    }

    @Test
    void samplingTfliteCannotReproduceIsRefused() {
        // Rounding up from asymmetric coordinates: TFLite's nearest only floors (or rounds from corners).
        var ceil = IrParser.parse("""
                graph @g(%x: f32[1,4,4,3] nhwc) {
                  %y = resize(%x) {mode=nearest, coord=asymmetric, nearest=ceil, size=[8,8], scales=[2.0,2.0], layout=nhwc} loc("Resize_3")
                  return %y
                }
                """);
        assertThatThrownBy(() -> TfliteWriter.write(ceil)).isInstanceOf(MncException.class)
                .hasMessageStartingWith("node 'Resize_3' (resize): cannot be written as TFLite: TFLite's resize ops "
                        + "cannot sample as asymmetric with nearest mode ceil does");
        // A scale that is not output/input: TFLite derives its scale from the sizes.
        var scale = IrParser.parse("""
                graph @g(%x: f32[1,5,5,3] nhwc) {
                  %y = resize(%x) {mode=linear, coord=half_pixel, size=[7,7], scales=[1.5,1.5], layout=nhwc}
                  return %y
                }
                """);
        assertThatThrownBy(() -> TfliteWriter.write(scale)).isInstanceOf(MncException.class)
                .hasMessageContaining("scales 1.5, 1.5");
    }
}
