package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Value;
import dev.mnc.testdata.PaddleModels;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner's cost model predicts, from channel counts alone, exactly the MACs and parameters
 * {@link GraphCost} counts on the graph {@link GraphSlicer} builds: checked on random plans over
 * the small coupling fixtures and the PaddleOCR MobileNetV3 models (SE blocks, concat, transposed
 * convs).
 */
class CostModelTest {

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("residual", SmallGraphs.parse(SmallGraphs.RESIDUAL)),
                Arguments.of("depthwise", SmallGraphs.parse(SmallGraphs.DEPTHWISE)),
                Arguments.of("multiplier", SmallGraphs.parse(SmallGraphs.MULTIPLIER)),
                Arguments.of("squeeze-excite", SmallGraphs.parse(SmallGraphs.SQUEEZE_EXCITE)),
                Arguments.of("concat", SmallGraphs.parse(SmallGraphs.CONCAT)),
                Arguments.of("classifier", SmallGraphs.parse(SmallGraphs.CLASSIFIER)),
                Arguments.of("flatten", SmallGraphs.parse(SmallGraphs.FLATTEN)),
                Arguments.of("blocks", PrunerTest.blocks()),
                Arguments.of("paddle-cls", paddle(PaddleModels.CLASSIFIER, 1, 3, 48, 192)),
                Arguments.of("paddle-det", paddle(PaddleModels.DETECTOR, 1, 3, 96, 128)));
    }

    private static Graph paddle(PaddleModels model, long... shape) {
        return OnnxImporter.importModel(model.bytes(), model.fileName(), null,
                ImportOptions.defaults().withInputShape("x", shape));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void predictsTheSlicedGraphsMacsAndParameters(String name, Graph g) {
        DependencyGraph deps = DependencyGraph.build(g);
        CostModel macs = CostModel.macs(deps);
        CostModel params = CostModel.params(deps);
        assertThat(macs.cost(macs.fullCounts())).isEqualTo(GraphCost.macs(g));
        assertThat(params.cost(params.fullCounts())).isEqualTo(GraphCost.params(g));
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        int pruned = 0;
        for (int trial = 0; trial < 5; trial++) {
            Plan plan = new Plan(deps);
            for (DependencyGraph.Group gr : deps.internalGroups()) {
                if (gr.prunable() && gr.size() > 1) {
                    // Keep at least one channel; remove each other one with probability 1/2.
                    int keep = rng.nextInt(gr.size());
                    for (int j = 0; j < gr.size(); j++) {
                        if (j != keep && rng.nextBoolean()) {
                            plan.remove(gr.id(), j);
                            pruned++;
                        }
                    }
                }
            }
            Graph sliced = GraphSlicer.apply(g, plan);
            int[] counts = counts(deps, plan.keptChannels());
            assertThat(macs.cost(counts)).as("MACs, trial %d", trial).isEqualTo(GraphCost.macs(sliced));
            assertThat(params.cost(counts)).as("parameters, trial %d", trial).isEqualTo(GraphCost.params(sliced));
        }
        assertThat(pruned).as("the plans removed channels").isPositive();
    }

    private static int[] counts(DependencyGraph deps, Map<Value, int[]> kept) {
        List<Value> values = deps.space().values();
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            int[] k = kept.get(values.get(i));
            out[i] = k != null ? k.length : deps.space().channels(values.get(i));
        }
        return out;
    }
}
