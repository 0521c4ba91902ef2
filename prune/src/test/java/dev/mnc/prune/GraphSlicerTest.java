package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Conv2d;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Removing channels that no layer reads must not change what a graph computes: every layer's
 * input slice of the channels a plan removes is zeroed first, then the plan is carried out, and
 * the pruned graph (smaller, valid) must give the same outputs on the native runtime. This pins
 * down the slicing bookkeeping of every coupling kind.
 */
class GraphSlicerTest {

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("residual", SmallGraphs.RESIDUAL),
                Arguments.of("depthwise", SmallGraphs.DEPTHWISE),
                Arguments.of("multiplier", SmallGraphs.MULTIPLIER),
                Arguments.of("squeeze-excite", SmallGraphs.SQUEEZE_EXCITE),
                Arguments.of("concat", SmallGraphs.CONCAT),
                Arguments.of("classifier", SmallGraphs.CLASSIFIER),
                Arguments.of("flatten", SmallGraphs.FLATTEN));
    }

    /** Removes every third channel (and the last) of every prunable group. */
    static Plan everyThird(DependencyGraph deps) {
        Plan plan = new Plan(deps);
        for (DependencyGraph.Group g : deps.internalGroups()) {
            if (g.prunable()) {
                for (int j = 0; j < g.size(); j += 3) {
                    plan.remove(g.id(), j);
                }
                plan.remove(g.id(), g.size() - 1);
            }
        }
        return plan;
    }

    /** Zeroes, in place, each layer's weights that read channels the plan removes. */
    static void silence(Graph g, Plan plan) {
        Map<Value, int[]> kept = plan.keptChannels();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Conv2d c && c.group() > 1) {
                continue;
            }
            for (ParamSlice s : ParamSlice.of(n)) {
                int[] keep = kept.get(s.by());
                if (!s.weight() || s.by() != n.input(0) || keep == null) {
                    continue;
                }
                boolean[] stays = new boolean[s.by().shape().intSize(1)];
                for (int i : keep) {
                    stays[i] = true;
                }
                Value w = n.input(s.input());
                long[] dims = w.shape().toLongArray();
                int inner = 1;
                for (int i = s.axis() + 1; i < dims.length; i++) {
                    inner *= (int) dims[i];
                }
                float[] d = w.data().floats().clone();
                for (int f = 0; f < d.length; f++) {
                    if (!stays[(f / inner) % (int) dims[s.axis()]]) {
                        d[f] = 0;
                    }
                }
                g.setConstantData(w, TensorData.ofFloats(w.shape(), d));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void removingUnreadChannelsChangesNothing(String name, String text) {
        Graph g = SmallGraphs.parse(text);
        DependencyGraph deps = DependencyGraph.build(g);
        Plan plan = everyThird(deps);
        assertThat(plan.removesAnything()).isTrue();
        silence(g, plan);

        Graph p = GraphSlicer.apply(g, plan);
        Verifier.verify(p);
        Map<Value, int[]> kept = plan.keptChannels();
        for (Map.Entry<Value, int[]> e : kept.entrySet()) {
            assertThat(p.value(e.getKey().name()).orElseThrow().shape().intSize(1))
                    .as("channels of %" + e.getKey().name()).isEqualTo(e.getValue().length);
        }
        assertThat(GraphCost.macs(p)).isLessThan(GraphCost.macs(g));
        assertThat(GraphCost.params(p)).isLessThan(GraphCost.params(g));

        Map<String, TensorData> in = SmallGraphs.inputs(g, 5);
        List<float[]> want = SmallGraphs.run(g, in);
        List<float[]> got = SmallGraphs.run(p, in);
        assertThat(SmallGraphs.maxDiff(want, got)).isLessThanOrEqualTo(1e-5 * SmallGraphs.scale(want));
        assertThat(g.value("x").orElseThrow().shape()).isEqualTo(p.value("x").orElseThrow().shape());
    }
}
