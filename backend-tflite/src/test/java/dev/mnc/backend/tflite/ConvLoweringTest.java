package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.iohw;
import static dev.mnc.backend.tflite.OracleHarness.oihw;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.backend.tflite.OracleHarness.same;
import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conv2d and conv_transpose2d through the TFLite interpreter against ONNX Runtime's Conv and ConvTranspose. */
class ConvLoweringTest {

    private static List<String> ops(byte[] model) {
        return TfliteReader.read(model).operators().stream().map(OperatorInfo::op).toList();
    }

    @Test
    void conv3x3SamePadsWithBiasAndRelu6() {
        var r = check("""
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
        assertThat(ops(r.tflite())).containsExactly("CONV_2D");
        assertThat(TfliteReader.read(r.tflite()).operators().get(0).options())
                .containsEntry("padding", "SAME").containsEntry("fused_activation_function", "RELU6");
    }

    @Test
    void conv1x1WithoutBiasGetsAZeroBiasAndTwoImagesRun() {
        var r = check("""
                graph @g(%x: f32[2,4,4,6] nhwc) {
                  %y = conv2d(%x, @w) {act=relu, layout=nhwc}
                  return %y
                }
                const @w: f32[3,1,1,6] = random(seed=3)
                """, g -> oihw(onnx("x", 2, 6, 4, 4), g, "w")
                .node("Conv", "x,w -> c")
                .node("Relu", "c -> y")
                .output("y"));
        OperatorInfo conv = TfliteReader.read(r.tflite()).operators().get(0);
        assertThat(conv.inputs()).hasSize(3);
        assertThat(conv.inputs().get(2).name()).isEqualTo("y/bias");
        assertThat(conv.inputs().get(2).shape()).containsExactly(3);
    }

    @Test
    void stride2WithPadsAtTheEndIsSameForEvenInputs() {
        // [0,0,1,1] at stride 2 on an even input is exactly TFLite's SAME: no PAD op.
        var r = check("""
                graph @g(%x: f32[1,8,10,3] nhwc) {
                  %y = conv2d(%x, @w, @b) {strides=[2,2], pads=[0,0,1,1], layout=nhwc}
                  return %y
                }
                const @w: f32[4,3,3,3] = random(seed=4)
                const @b: f32[4] = random(seed=5)
                """, g -> same(oihw(onnx("x", 1, 3, 8, 10), g, "w"), g, "b")
                .node("Conv", "x,w,b -> y", ints("strides", 2, 2), ints("pads", 0, 0, 1, 1))
                .output("y"));
        assertThat(ops(r.tflite())).containsExactly("CONV_2D");
    }

    @Test
    void stride2WithSymmetricPadsNeedsAnExplicitPad() {
        // [1,1,1,1] at stride 2 on an even input puts a pixel before that SAME would put after.
        var r = check("""
                graph @g(%x: f32[1,8,8,3] nhwc) {
                  %y = conv2d(%x, @w, @b) {strides=[2,2], pads=[1,1,1,1], act=relu, layout=nhwc}
                  return %y
                }
                const @w: f32[4,3,3,3] = random(seed=6)
                const @b: f32[4] = random(seed=7)
                """, g -> same(oihw(onnx("x", 1, 3, 8, 8), g, "w"), g, "b")
                .node("Conv", "x,w,b -> c", ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
                .node("Relu", "c -> y")
                .output("y"));
        assertThat(ops(r.tflite())).containsExactly("PAD", "CONV_2D");
        assertThat(TfliteReader.read(r.tflite()).operators().get(1).options()).containsEntry("padding", "VALID");
    }

    @Test
    void asymmetricPadsOnOddInputsAndDilation() {
        check("""
                graph @g(%x: f32[1,11,9,2] nhwc) {
                  %y = conv2d(%x, @w) {strides=[1,2], dilations=[2,1], pads=[2,0,1,2], layout=nhwc}
                  return %y
                }
                const @w: f32[3,3,2,2] = random(seed=8)
                """, g -> oihw(onnx("x", 1, 2, 11, 9), g, "w")
                .node("Conv", "x,w -> y", ints("strides", 1, 2), ints("dilations", 2, 1), ints("pads", 2, 0, 1, 2))
                .output("y"));
    }

    @Test
    void depthwiseWithMultiplierDilationAndNoBias() {
        var r = check("""
                graph @g(%x: f32[1,10,10,3] nhwc) {
                  %y = conv2d(%x, @w) {pads=[2,2,2,2], dilations=[2,2], group=3, act=relu6, layout=nhwc}
                  return %y
                }
                const @w: f32[6,3,3,1] = random(seed=9)
                """, g -> oihw(onnx("x", 1, 3, 10, 10), g, "w")
                .node("Conv", "x,w -> c", ints("pads", 2, 2, 2, 2), ints("dilations", 2, 2), attr("group", 3L))
                .node("Clip", "c,lo,hi -> y")
                .initializer("lo", new float[] {0f})
                .initializer("hi", new float[] {6f})
                .output("y"));
        TfliteModel m = TfliteReader.read(r.tflite());
        OperatorInfo dw = m.operators().get(0);
        assertThat(dw.op()).isEqualTo("DEPTHWISE_CONV_2D");
        assertThat(dw.version()).isEqualTo(2);
        assertThat(dw.options()).containsEntry("depth_multiplier", 2).containsEntry("dilation_h_factor", 2);
        assertThat(dw.inputs().get(1).shape()).containsExactly(1, 3, 3, 6);
    }

    @Test
    void depthwiseStride2MobileNetStyle() {
        check("""
                graph @g(%x: f32[1,14,14,16] nhwc) {
                  %y = conv2d(%x, @w, @b) {strides=[2,2], pads=[0,0,1,1], group=16, act=relu6, layout=nhwc}
                  return %y
                }
                const @w: f32[16,3,3,1] = random(seed=10)
                const @b: f32[16] = random(seed=11)
                """, g -> same(oihw(onnx("x", 1, 16, 14, 14), g, "w"), g, "b")
                .node("Conv", "x,w,b -> c", ints("strides", 2, 2), ints("pads", 0, 0, 1, 1), attr("group", 16L))
                .node("Clip", "c,lo,hi -> y")
                .initializer("lo", new float[] {0f})
                .initializer("hi", new float[] {6f})
                .output("y"));
    }

    @Test
    void groupedConvSplitsIntoGroups() {
        var r = check("""
                graph @g(%x: f32[1,6,6,8] nhwc) {
                  %y = conv2d(%x, @w, @b) {pads=[1,1,1,1], group=2, act=relu, layout=nhwc}
                  return %y
                }
                const @w: f32[6,3,3,4] = random(seed=12)
                const @b: f32[6] = random(seed=13)
                """, g -> same(oihw(onnx("x", 1, 8, 6, 6), g, "w"), g, "b")
                .node("Conv", "x,w,b -> c", ints("pads", 1, 1, 1, 1), attr("group", 2L))
                .node("Relu", "c -> y")
                .output("y"));
        assertThat(ops(r.tflite())).containsExactly("SPLIT", "CONV_2D", "CONV_2D", "CONCATENATION");
    }

    @Test
    void transposedConvStride2WithPadsAndOutputPadding() {
        // PP-OCR's DB head: k=2 s=2, and a k=3 s=2 pads=1 output_padding=1 case SAME cannot place.
        check("""
                graph @g(%x: f32[1,5,4,6] nhwc) {
                  %y = conv_transpose2d(%x, @w, @b) {strides=[2,2], pads=[1,1,1,1], output_padding=[1,1], layout=nhwc}
                  return %y
                }
                const @w: f32[3,3,3,6] = random(seed=14)
                const @b: f32[3] = random(seed=15)
                """, g -> same(iohw(onnx("x", 1, 6, 5, 4), g, "w"), g, "b")
                .node("ConvTranspose", "x,w,b -> y", ints("strides", 2, 2), ints("pads", 1, 1, 1, 1),
                        ints("output_padding", 1, 1))
                .output("y"));
        check("""
                graph @g(%x: f32[1,5,4,6] nhwc) {
                  %y = conv_transpose2d(%x, @w) {strides=[2,2], layout=nhwc}
                  return %y
                }
                const @w: f32[3,2,2,6] = random(seed=16)
                """, g -> iohw(onnx("x", 1, 6, 5, 4), g, "w")
                .node("ConvTranspose", "x,w -> y", ints("strides", 2, 2))
                .output("y"));
    }

    @Test
    void transposedConvCroppingAndDilation() {
        var r = check("""
                graph @g(%x: f32[1,4,5,2] nhwc) {
                  %y = conv_transpose2d(%x, @w, @b) {strides=[3,2], dilations=[1,2], pads=[2,0,1,3], layout=nhwc}
                  return %y
                }
                const @w: f32[4,3,3,2] = random(seed=17)
                const @b: f32[4] = random(seed=18)
                """, g -> same(iohw(onnx("x", 1, 2, 4, 5), g, "w"), g, "b")
                .node("ConvTranspose", "x,w,b -> y", ints("strides", 3, 2), ints("dilations", 1, 2),
                        ints("pads", 2, 0, 1, 3))
                .output("y"));
        assertThat(ops(r.tflite())).containsExactly("TRANSPOSE_CONV", "SLICE");
    }

    @Test
    void transposedConvThatSameReproduces() {
        var r = check("""
                graph @g(%x: f32[1,4,4,3] nhwc) {
                  %y = conv_transpose2d(%x, @w, @b) {strides=[2,2], pads=[1,1,2,2], layout=nhwc}
                  return %y
                }
                const @w: f32[2,4,4,3] = random(seed=19)
                const @b: f32[2] = random(seed=20)
                """, g -> same(iohw(onnx("x", 1, 3, 4, 4), g, "w"), g, "b")
                .node("ConvTranspose", "x,w,b -> y", ints("strides", 2, 2), ints("pads", 1, 1, 2, 2))
                .output("y"));
        assertThat(ops(r.tflite())).containsExactly("TRANSPOSE_CONV");
        assertThat(TfliteReader.read(r.tflite()).operators().get(0).options()).containsEntry("padding", "SAME");
    }

    @Test
    void transposedConvWithFusedReluAsInPpOcrsDbHead() {
        // ConvTranspose -> (folded BatchNorm) -> Relu: k=2 s=2, the shape TFLite takes as VALID.
        var r = check("""
                graph @g(%x: f32[1,5,4,6] nhwc) {
                  %y = conv_transpose2d(%x, @w, @b) {strides=[2,2], act=relu, layout=nhwc}
                  return %y
                }
                const @w: f32[3,2,2,6] = random(seed=21)
                const @b: f32[3] = random(seed=22)
                """, g -> same(iohw(onnx("x", 1, 6, 5, 4), g, "w"), g, "b")
                .node("ConvTranspose", "x,w,b -> c", ints("strides", 2, 2))
                .node("Relu", "c -> y")
                .output("y"));
        OperatorInfo op = TfliteReader.read(r.tflite()).operators().get(0);
        assertThat(ops(r.tflite())).containsExactly("TRANSPOSE_CONV");
        assertThat(op.options()).containsEntry("fused_activation_function", "RELU");
        assertThat(op.version()).as("TFLite's TRANSPOSE_CONV has fused activations from version 4").isEqualTo(4);
        assertClampedSomewhere(r.ortOutputs().get(0), 0f, Float.POSITIVE_INFINITY);
    }

    @Test
    void transposedConvWithFusedRelu6BeforeTheCroppingSlice() {
        var r = check("""
                graph @g(%x: f32[1,4,5,2] nhwc) {
                  %y = conv_transpose2d(%x, @w, @b) {strides=[3,2], pads=[2,0,1,3], act=relu6, layout=nhwc}
                  return %y
                }
                const @w: f32[4,3,3,2] = random(seed=23, min=-4, max=4)
                const @b: f32[4] = random(seed=24)
                """, g -> same(iohw(onnx("x", 1, 2, 4, 5), g, "w"), g, "b")
                .node("ConvTranspose", "x,w,b -> c", ints("strides", 3, 2), ints("pads", 2, 0, 1, 3))
                .node("Clip", "c,lo,hi -> y")
                .initializer("lo", new float[] {0f})
                .initializer("hi", new float[] {6f})
                .output("y"));
        assertThat(ops(r.tflite())).containsExactly("TRANSPOSE_CONV", "SLICE");
        assertThat(TfliteReader.read(r.tflite()).operators().get(0).options())
                .containsEntry("fused_activation_function", "RELU6");
        assertClampedSomewhere(r.ortOutputs().get(0), 0f, 6f);
    }

    /** The reference output hits both bounds of the activation, so an ignored activation would show. */
    private static void assertClampedSomewhere(float[] expected, float lo, float hi) {
        assertThat(expected).as("some outputs clamped to %s", lo).contains(lo);
        if (Float.isFinite(hi)) {
            assertThat(expected).as("some outputs clamped to %s", hi).contains(hi);
        }
    }

    @Test
    void nchwConvIsRefusedNamingTheNode() {
        var g = IrParser.parse("""
                graph @g(%x: f32[1,3,8,8] nchw) {
                  %y = conv2d(%x, @w) {layout=nchw} loc("Conv_7")
                  return %y
                }
                const @w: f32[4,3,1,1] = random(seed=1)
                """);
        assertThatThrownBy(() -> TfliteWriter.write(g)).isInstanceOf(MncException.class)
                .hasMessage("node 'Conv_7' (conv2d): cannot be written as TFLite: it is in nchw layout; "
                        + "convert the graph to NHWC first");
    }

    @Test
    void convWithRuntimeFilterIsRefused() {
        var g = IrParser.parse("""
                graph @g(%x: f32[1,8,8,3] nhwc, %w: f32[4,1,1,3]) {
                  %y = conv2d(%x, %w) {layout=nhwc}
                  return %y
                }
                """);
        assertThatThrownBy(() -> TfliteWriter.write(g)).isInstanceOf(MncException.class)
                .hasMessageContaining("(conv2d): cannot be written as TFLite: its filter is not a constant");
    }
}
