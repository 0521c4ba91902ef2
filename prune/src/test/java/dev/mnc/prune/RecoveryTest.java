package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Least-squares recovery on graphs where the removed channels are exact linear combinations of
 * kept ones, so a perfect refit exists: with recovery the pruned graph must compute (nearly) what
 * the original computes, without it clearly not. Covers the 1x1 conv, the 3x3 conv (im2col with
 * padding and stride) and the dense layer read through a global average (fit per pixel).
 */
class RecoveryTest {

    /**
     * x -> conv "a" (8 channels: 4 free, then 4 that are combinations of them) -> consumer. The
     * plan removes channels 4..7 of a's group.
     */
    private static String redundant(String consumer, String consumerWeight) {
        StringBuilder w = new StringBuilder();
        float[][] base = {{0.5f, -1f, 0.25f}, {1f, 0.5f, -0.5f}, {-0.3f, 0.8f, 1f}, {0.7f, 0.2f, -0.9f}};
        float[][] rows = new float[8][];
        for (int i = 0; i < 4; i++) {
            rows[i] = base[i];
            float[] mix = new float[3];
            for (int c = 0; c < 3; c++) {
                mix[c] = 0.6f * base[i][c] - 0.4f * base[(i + 1) % 4][c];
            }
            rows[4 + i] = mix;
        }
        for (float[] r : rows) {
            for (float v : r) {
                w.append(w.length() == 0 ? "" : ", ").append(v);
            }
        }
        return """
                graph @redundant(%x: f32[1,3,9,9] nchw) {
                  %a = conv2d(%x, @wa) {layout=nchw} loc("a")
                """ + consumer + """
                }
                const @wa: f32[8,3,1,1] = [""" + w + "]\n" + consumerWeight;
    }

    private static void check(Graph g, double withoutAtLeast, double withAtMost) {
        DependencyGraph deps = DependencyGraph.build(g);
        DependencyGraph.Group group = deps.internalGroups().get(deps.groupsOf("a").get(0).id());
        Plan plan = new Plan(deps);
        for (int j = 4; j < 8; j++) {
            plan.remove(group.id(), j);
        }
        CalibrationData cal = SmallGraphs.calibration(g, 10, 100);
        Map<String, TensorData> probe = SmallGraphs.inputs(g, 7);
        List<float[]> want = SmallGraphs.run(g, probe);
        double scale = SmallGraphs.scale(want);

        Graph sliced = GraphSlicer.apply(g, plan);
        double before = SmallGraphs.maxDiff(want, SmallGraphs.run(sliced, probe)) / scale;
        assertThat(before).as("relative error without recovery").isGreaterThan(withoutAtLeast);

        Graph recovered = GraphSlicer.apply(g, plan);
        PruneOptions options = PruneOptions.builder().widthMultiplier(1).lambda(1e-9).samplesPerImage(40).build();
        List<RefitReport> reports = Recovery.run(g, recovered, plan, cal, options, ProgressListener.NONE);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.applied()).isTrue();
            assertThat(r.heldOut()).isTrue();
            assertThat(r.errorAfter()).isLessThan(1e-6);
        });
        double after = SmallGraphs.maxDiff(want, SmallGraphs.run(recovered, probe)) / scale;
        assertThat(after).as("relative error with recovery").isLessThan(withAtMost);
    }

    @Test
    void pointwiseConvRefitsExactly() {
        check(SmallGraphs.parse(redundant("""
                  %y = conv2d(%a, @wb) {layout=nchw} loc("b")
                  return %y
                """, "const @wb: f32[5,8,1,1] = random(seed=2)\n")), 0.05, 1e-4);
    }

    @Test
    void strided3x3ConvRefitsThroughIm2col() {
        Graph g = SmallGraphs.parse(redundant("""
                  %y = conv2d(%a, @wb, @bb) {strides=[2,2], pads=[1,1,1,1], layout=nchw} loc("b")
                  return %y
                """, "const @wb: f32[5,8,3,3] = random(seed=2)\nconst @bb: f32[5] = random(seed=3)\n"));
        check(g, 0.05, 1e-4);
        Value bias = g.value("bb").orElseThrow();
        assertThat(bias.shape().intSize(0)).isEqualTo(5);
    }

    @Test
    void projectionIntoAResidualSumRefitsThroughItsBatchNorm() {
        Graph g = SmallGraphs.parse(redundant("""
                  %b = conv2d(%a, @wb) {layout=nchw} loc("b")
                  %n = batch_norm(%b, @g, @be, @m, @v) {eps=1e-3, layout=nchw} loc("bn")
                  %t = conv2d(%x, @wt) {layout=nchw} loc("trunk")
                  %y = add(%t, %n) loc("residual")
                  return %y
                """, """
                const @wb: f32[5,8,1,1] = random(seed=2)
                const @g: f32[5] = random(seed=3, min=0.5, max=1.5)
                const @be: f32[5] = random(seed=4)
                const @m: f32[5] = random(seed=5)
                const @v: f32[5] = random(seed=6, min=0.5, max=2.0)
                const @wt: f32[5,3,1,1] = random(seed=7)
                """));
        LayerFit.Residual r = LayerFit.residual(g.value("b").orElseThrow().producer());
        assertThat(r).isNotNull();
        assertThat(r.sum()).isEqualTo("y");
        assertThat(r.other()).isEqualTo("t");
        float[] gamma = g.value("g").orElseThrow().data().floats();
        float[] var = g.value("v").orElseThrow().data().floats();
        float[] beta = g.value("be").orElseThrow().data().floats();
        float[] mean = g.value("m").orElseThrow().data().floats();
        for (int k = 0; k < 5; k++) {
            double scale = gamma[k] / Math.sqrt(var[k] + 1e-3);
            assertThat(r.scale()[k]).isCloseTo(scale, within(1e-6));
            assertThat(r.shift()[k]).isCloseTo(beta[k] - mean[k] * scale, within(1e-6));
        }
        check(g, 0.05, 1e-4);
    }

    @Test
    void aLayerWithAnActivationBeforeTheSumHasNoResidualTarget() {
        Graph g = SmallGraphs.parse(redundant("""
                  %b = conv2d(%a, @wb) {layout=nchw} loc("b")
                  %r = relu(%b) loc("relu")
                  %t = conv2d(%x, @wt) {layout=nchw} loc("trunk")
                  %y = add(%t, %r) loc("residual")
                  return %y
                """, "const @wb: f32[5,8,1,1] = random(seed=2)\nconst @wt: f32[5,3,1,1] = random(seed=7)\n"));
        assertThat(LayerFit.residual(g.value("b").orElseThrow().producer())).isNull();
    }

    @Test
    void denseLayerAfterGlobalAverageRefitsPerPixel() {
        check(SmallGraphs.parse(redundant("""
                  %p = mean(%a) {axes=[2,3], keep_dims=true} loc("gap")
                  %v = reshape(%p) {shape=[1,8]} loc("flatten")
                  %y = fully_connected(%v, @wb) loc("fc")
                  return %y
                """, "const @wb: f32[4,8] = random(seed=2)\n")), 0.05, 1e-4);
    }
}
