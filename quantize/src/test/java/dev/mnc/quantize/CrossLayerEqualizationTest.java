package dev.mnc.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.text.IrParser;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassResult;
import org.junit.jupiter.api.Test;

class CrossLayerEqualizationTest {

    /** conv -> relu -> depthwise -> relu6 -> conv: MobileNet's block, with badly spread channel ranges. */
    private static final String BLOCK = """
            graph @g(%x: f32[1,6,6,3] nhwc) {
              %a = conv2d(%x, @w1, @b1) {act=relu, layout=nhwc}
              %d = conv2d(%a, @dw, @bd) {pads=[1,1,1,1], group=4, act=relu6, layout=nhwc}
              %y = conv2d(%d, @w2) {layout=nhwc}
              return %y
            }
            const @w1: f32[4,1,1,3] = [0.01, -0.02, 0.005, 3.0, -1.5, 2.0, 0.2, 0.1, -0.3, 40.0, -10.0, 25.0]
            const @b1: f32[4] = [0.1, -0.2, 0.3, 0.05]
            const @dw: f32[4,3,3,1] = random(seed=7, min=-0.5, max=0.5)
            const @bd: f32[4] = [0.5, 1.0, -0.5, 0.25]
            const @w2: f32[2,1,1,4] = [1.0, 0.5, -2.0, 0.01, -0.3, 3.0, 0.2, 0.04]
            """;

    private static double maxAbs(float[] w, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(w[i]));
        }
        return m;
    }

    @Test
    void equalizedRangesMatchAcrossEachPairAndTheFunctionIsKept() {
        Graph before = IrParser.parse(BLOCK);
        Graph g = IrParser.parse(BLOCK);
        PassResult r = new CrossLayerEqualization().run(g, PassContext.defaults());
        Verifier.verify(g);
        assertThat(r.applied()).isEqualTo(2);
        // relu6 became relu, so compare on inputs small enough that nothing reaches 6 ...
        float[] x = Runs.uniform(108, 3, -0.01, 0.01);
        float[] want = Runs.run(before, x);
        float[] got = Runs.run(g, x);
        assertThat(Runs.maxDiff(want, got)).isLessThan(1e-4 * maxAbs(want, 0, want.length) + 1e-6);
        // ... and the ranges of each channel now agree between the layers of each pair.
        Node conv1 = g.value("a").orElseThrow().producer();
        Node dw = g.value("d").orElseThrow().producer();
        Node conv2 = g.value("y").orElseThrow().producer();
        float[] w1 = conv1.input(1).data().floats();
        float[] d = dw.input(1).data().floats();
        float[] w2 = conv2.input(1).data().floats();
        for (int c = 0; c < 4; c++) {
            double r1 = maxAbs(w1, 3 * c, 3 * c + 3);
            double rd = maxAbs(d, 9 * c, 9 * c + 9);
            double r2 = Math.max(Math.abs(w2[c]), Math.abs(w2[4 + c]));
            assertThat(rd).as("channel %d", c).isCloseTo(r1, within(1e-3 * r1));
            assertThat(rd).as("channel %d", c).isCloseTo(r2, within(1e-3 * r2));
        }
        assertThat(IrPrinter.structure(g)).contains("group=4, act=relu, layout=nhwc");
    }

    @Test
    void layersWhoseOutputHasAnotherReaderAreLeftAlone() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[1,4,4,2] nhwc) {
                  %a = conv2d(%x, @w1) {act=relu, layout=nhwc}
                  %b = conv2d(%a, @w2) {layout=nhwc}
                  %y = add(%a, %b)
                  return %y
                }
                const @w1: f32[2,1,1,2] = [1.0, 2.0, 30.0, 40.0]
                const @w2: f32[2,1,1,2] = [0.5, 0.25, 0.125, 1.0]
                """);
        assertThat(new CrossLayerEqualization().run(g, PassContext.defaults()).changed()).isFalse();
    }
}
