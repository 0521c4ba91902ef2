package dev.mnc.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.text.IrParser;
import org.junit.jupiter.api.Test;

/** What layout-nhwc reports besides the graph: warnings for kept transposes, moved quantization axes. */
class LayoutNhwcTest {

    @Test
    void aKeptTransposeIsAWarningForTheUser() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[1,2,2,2] nchw) {
                  %c = conv2d(%x, @w) {layout=nchw} loc("Conv_0")
                  %f = reshape(%c) {shape=[1,8]} loc("Flatten_1")
                  return %f
                }
                const @w: f32[2,2,1,1] = random(seed=1)
                """);
        Diagnostics.Collector warnings = new Diagnostics.Collector();
        new LayoutNhwc().run(g, PassContext.builder().diagnostics(warnings).build());
        assertThat(warnings.warnings()).containsExactly("layout-nhwc: node 'Flatten_1' (reshape): kept a transpose "
                + "to NCHW before it: it mixes channels with height and width of [1,2,2,2]");
        Verifier.verify(g);
    }

    @Test
    void perAxisQuantizationFollowsTheWeightPermutation() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[1,2,2,2] nchw) {
                  %y = conv_transpose2d(%x, @w) {layout=nchw}
                  return %y
                }
                const @w: i8[2,3,1,1] q(axis=1, scales=[0.1,0.2,0.3], zps=[0,0,0]) = [1, 2, 3, 4, 5, 6]
                """);
        new LayoutNhwc().run(g, PassContext.defaults());
        QuantParams q = g.value("w").orElseThrow().quant();
        assertThat(g.value("w").orElseThrow().shape().toString()).isEqualTo("[3,1,1,2]");
        assertThat(q.axis()).isZero();
        assertThat(q.scales()).containsExactly(0.1f, 0.2f, 0.3f);
        Verifier.verify(g);
    }
}
