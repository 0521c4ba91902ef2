package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import org.junit.jupiter.api.Test;

/** What TFLite cannot express fails with one line naming the node, the reason and the fix. */
class UnsupportedTest {

    private static void refused(String ir, String message) {
        var g = IrParser.parse(ir);
        assertThatThrownBy(() -> TfliteWriter.write(g)).isInstanceOf(MncException.class).hasMessage(message);
    }

    @Test
    void dynamicShapesMustBeBound() {
        refused("""
                graph @g(%x: f32[N,4]) {
                  %y = relu(%x)
                  return %y
                }
                """, "x has the dynamic shape [N,4]; TFLite needs static shapes here: bind the dynamic dims (--input-shape)");
    }

    @Test
    void quantizedOpsWithoutAnInt8Kernel() {
        refused("""
                graph @g(%x: i8[1,4] q(0.1, 0), %z: i8[1,4] q(0.1, 0)) {
                  %y = div(%x, %z) : i8[1,4] q(0.1, 0) loc("Div_2")
                  return %y
                }
                """, "node 'Div_2' (div): cannot be written as TFLite: TFLite's DIV has no i8 kernel; "
                + "keep this division in float or turn it into a MUL by the reciprocal");
        refused("""
                graph @g(%x: i8[1,4] q(0.1, 0)) {
                  %y = hard_sigmoid(%x) {alpha=0.2, beta=0.5} : i8[1,4] q(0.1, 0) loc("HardSigmoid_5")
                  return %y
                }
                """, "node 'HardSigmoid_5' (hard_sigmoid): cannot be written as TFLite: it is written for float and its "
                + "input is i8; keep hard_sigmoid in float (a quantized hard_sigmoid is not written yet)");
    }

    @Test
    void int8ConvNeedsQuantizationParameters() {
        refused("""
                graph @g(%x: i8[1,4,4,2] nhwc) {
                  %y = conv2d(%x, @w) {layout=nhwc} loc("Conv_1")
                  return %y
                }
                const @w: i8[3,1,1,2] = random(seed=1)
                """, "node 'Conv_1' (conv2d): cannot be written as TFLite: its input is i8 but the input or the filter "
                + "has no quantization parameters; quantize the graph completely (or keep this op in float)");
    }

    @Test
    void reshapeToAScalar() {
        refused("""
                graph @g(%x: f32[1,1]) {
                  %y = reshape(%x) {shape=[]} loc("Squeeze_4")
                  return %y
                }
                """, "node 'Squeeze_4' (reshape): cannot be written as TFLite: it reshapes to a scalar; "
                + "reshape to [1] instead");
    }

    @Test
    void quantizedAveragePoolThatNeedsARescale() {
        refused("""
                graph @g(%x: i8[1,8,8,2] nhwc q(0.1, 0)) {
                  %y = avg_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[1,1,1,1], layout=nhwc} : i8[1,4,4,2] nhwc q(0.1, 0) loc("AveragePool_9")
                  return %y
                }
                """, "node 'AveragePool_9' (avg_pool2d): cannot be written as TFLite: it is a quantized average pool "
                + "whose pads TFLite's SAME does not reproduce; pad symmetrically as SAME does (the extra pixel at the "
                + "end) or keep this op in float");
    }
}
