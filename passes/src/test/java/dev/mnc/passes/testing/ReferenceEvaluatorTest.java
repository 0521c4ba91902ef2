package dev.mnc.passes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.text.IrParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle itself, against results worked out by hand. */
class ReferenceEvaluatorTest {
    private static final ReferenceEvaluator EVAL = new ReferenceEvaluator();

    private static float[] run(String ir, float... x) {
        Graph g = IrParser.parse(ir);
        Shape s = g.inputs().get(0).shape();
        Map<String, TensorData> out = EVAL.run(g, Map.of(g.inputs().get(0).name(), TensorData.ofFloats(s, x)));
        return out.values().iterator().next().floats();
    }

    @Test
    void convWithPadsAndStrideReadsZerosOutside() {
        // w = [[1,0],[0,-1]]: out = top-left tap minus bottom-right tap, over x = 1..9 padded by one on top/left.
        float[] y = run("""
                graph @g(%x: f32[1,1,3,3] nchw) {
                  %y = conv2d(%x, @w) {strides=[2,2], pads=[1,1,0,0], layout=nchw}
                  return %y
                }
                const @w: f32[1,1,2,2] = [1, 0, 0, -1]
                """, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(y).containsExactly(-1, -3, -7, -4);
    }

    @Test
    void nhwcConvWithOhwiWeightsMatchesNchw() {
        // x NCHW [1,2,1,2] = channel 0: [1,2], channel 1: [3,4]; w[o=0] = (i0: 10, i1: 100).
        float[] nchw = run("""
                graph @g(%x: f32[1,2,1,2] nchw) {
                  %y = conv2d(%x, @w, @b) {layout=nchw}
                  return %y
                }
                const @w: f32[1,2,1,1] = [10, 100]
                const @b: f32[1] = [0.5]
                """, 1, 2, 3, 4);
        float[] nhwc = run("""
                graph @g(%x: f32[1,1,2,2] nhwc) {
                  %y = conv2d(%x, @w, @b) {layout=nhwc}
                  return %y
                }
                const @w: f32[1,1,1,2] = [10, 100]
                const @b: f32[1] = [0.5]
                """, 1, 3, 2, 4);
        assertThat(nchw).containsExactly(310.5f, 420.5f);
        assertThat(nhwc).containsExactly(310.5f, 420.5f);
    }

    @Test
    void depthwiseAndFusedActivation() {
        float[] y = run("""
                graph @g(%x: f32[1,2,1,1] nchw) {
                  %y = conv2d(%x, @w) {group=2, act=relu6, layout=nchw}
                  return %y
                }
                const @w: f32[2,1,1,1] = [2, -1]
                """, 2, 3);
        assertThat(y).containsExactly(4, 0);
    }

    @Test
    void convTransposeScattersEachPixel() {
        float[] stride2 = run("""
                graph @g(%x: f32[1,1,2,2] nchw) {
                  %y = conv_transpose2d(%x, @w) {strides=[2,2], layout=nchw}
                  return %y
                }
                const @w: f32[1,1,2,2] = [1, 1, 1, 1]
                """, 1, 2, 3, 4);
        assertThat(stride2).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
        float[] stride1 = run("""
                graph @g(%x: f32[1,1,2,2] nchw) {
                  %y = conv_transpose2d(%x, @w) {layout=nchw}
                  return %y
                }
                const @w: f32[1,1,2,2] = [1, 1, 1, 1]
                """, 1, 2, 3, 4);
        assertThat(stride1).containsExactly(1, 3, 2, 4, 10, 6, 3, 7, 4);
    }

    @Test
    void avgPoolDivisorFollowsCountIncludePad() {
        String ir = """
                graph @g(%x: f32[1,1,2,2] nchw) {
                  %y = avg_pool2d(%x) {kernel=[2,2], pads=[1,1,0,0]EXTRA, layout=nchw}
                  return %y
                }
                """;
        assertThat(run(ir.replace("EXTRA", ""), 1, 2, 3, 4)).containsExactly(1, 1.5f, 2, 2.5f);
        assertThat(run(ir.replace("EXTRA", ", count_include_pad=true"), 1, 2, 3, 4)).containsExactly(0.25f, 0.75f, 1, 2.5f);
    }

    @Test
    void resizeBroadcastGatherSliceMatmul() {
        assertThat(run("""
                graph @g(%x: f32[1,1,1,2] nchw) {
                  %y = resize(%x) {mode=nearest, coord=asymmetric, nearest=floor, size=[2,4], scales=[2,2], layout=nchw}
                  return %y
                }
                """, 1, 2)).containsExactly(1, 1, 2, 2, 1, 1, 2, 2);
        assertThat(run("""
                graph @g(%x: f32[2,1]) {
                  %y = add(%x, @k)
                  return %y
                }
                const @k: f32[3] = [10, 20, 30]
                """, 1, 2)).containsExactly(11, 21, 31, 12, 22, 32);
        assertThat(run("""
                graph @g(%x: f32[2,3]) {
                  %t = gather(%x, @i) {axis=1}
                  %s = slice(%t) {starts=[1], ends=[2], axes=[0], steps=[1]}
                  %y = matmul(%s, @w)
                  return %y
                }
                const @i: i64[2] = [2, -3]
                const @w: f32[2,1] = [1, 10]
                """, 1, 2, 3, 4, 5, 6)).containsExactly(6 + 40);
    }
}
