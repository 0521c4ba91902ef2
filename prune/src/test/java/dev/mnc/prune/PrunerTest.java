package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The public entry point on small graphs: budgets, widths, skips, the report, and refusals. */
class PrunerTest {

    /** Three inverted-residual-like blocks of width 40 around a 16-channel trunk, and a classifier. */
    static Graph blocks() {
        StringBuilder g = new StringBuilder("graph @blocks(%x: f32[1,3,16,16] nchw) {\n");
        StringBuilder c = new StringBuilder();
        g.append("  %t0 = conv2d(%x, @stem) {pads=[1,1,1,1], layout=nchw} loc(\"stem\")\n");
        c.append("const @stem: f32[16,3,3,3] = random(seed=1, min=-0.5, max=0.5)\n");
        for (int b = 1; b <= 3; b++) {
            String in = "t" + (b - 1);
            g.append("  %e").append(b).append(" = conv2d(%").append(in).append(", @we").append(b)
                    .append(") {layout=nchw} loc(\"expand").append(b).append("\")\n");
            g.append("  %n").append(b).append(" = batch_norm(%e").append(b).append(", @g").append(b).append(", @b")
                    .append(b).append(", @m").append(b).append(", @v").append(b)
                    .append(") {eps=1e-5, layout=nchw} loc(\"bn").append(b).append("\")\n");
            g.append("  %r").append(b).append(" = clip(%n").append(b).append(") {min=0.0, max=6.0} loc(\"relu")
                    .append(b).append("\")\n");
            g.append("  %d").append(b).append(" = conv2d(%r").append(b).append(", @wd").append(b)
                    .append(") {pads=[1,1,1,1], group=40, layout=nchw} loc(\"dw").append(b).append("\")\n");
            g.append("  %p").append(b).append(" = conv2d(%d").append(b).append(", @wp").append(b)
                    .append(") {layout=nchw} loc(\"project").append(b).append("\")\n");
            g.append("  %t").append(b).append(" = add(%").append(in).append(", %p").append(b).append(") loc(\"add")
                    .append(b).append("\")\n");
            c.append("const @we").append(b).append(": f32[40,16,1,1] = random(seed=").append(10 * b).append(")\n");
            c.append("const @g").append(b).append(": f32[40] = random(seed=").append(10 * b + 1)
                    .append(", min=0.1, max=2.0)\n");
            c.append("const @b").append(b).append(": f32[40] = random(seed=").append(10 * b + 2).append(")\n");
            c.append("const @m").append(b).append(": f32[40] = random(seed=").append(10 * b + 3).append(")\n");
            c.append("const @v").append(b).append(": f32[40] = random(seed=").append(10 * b + 4)
                    .append(", min=0.5, max=2.0)\n");
            c.append("const @wd").append(b).append(": f32[40,1,3,3] = random(seed=").append(10 * b + 5).append(")\n");
            c.append("const @wp").append(b).append(": f32[16,40,1,1] = random(seed=").append(10 * b + 6)
                    .append(", min=-0.3, max=0.3)\n");
        }
        g.append("  %pool = mean(%t3) {axes=[2,3], keep_dims=true} loc(\"gap\")\n");
        g.append("  %flat = reshape(%pool) {shape=[1,16]} loc(\"flatten\")\n");
        g.append("  %y = fully_connected(%flat, @wc, @bc) loc(\"classifier\")\n  return %y\n}\n");
        c.append("const @wc: f32[10,16] = random(seed=99)\nconst @bc: f32[10] = random(seed=98)\n");
        return SmallGraphs.parse(g.toString() + c);
    }

    private static PruneOptions noRecovery(Budget b) {
        return PruneOptions.builder().budget(b).importance(Importance.L1).recovery(false).build();
    }

    @Test
    void pruneRatioMeetsTheMacTargetWithWidthsOfMultiplesOfEight() {
        Graph g = blocks();
        String before = IrPrinter.full(g);
        PruneResult r = Pruner.prune(g, noRecovery(Budget.pruneRatio(0.3)), null, ProgressListener.NONE);
        assertThat(IrPrinter.full(g)).as("the input graph is not changed").isEqualTo(before);
        Verifier.verify(r.pruned());
        assertThat(r.report().macsAfter()).isLessThanOrEqualTo((long) (0.7 * r.report().macsBefore()));
        assertThat(r.report().macsAfter()).isEqualTo(GraphCost.macs(r.pruned()));
        assertThat(r.report().paramsAfter()).isEqualTo(GraphCost.params(r.pruned())).isLessThan(r.report().paramsBefore());
        for (PruneReport.GroupReport gr : r.report().groups()) {
            if (gr.channelsAfter() != gr.channelsBefore()) {
                assertThat(gr.channelsAfter() % 8).as(gr.name()).isZero();
                assertThat(gr.channelsAfter()).as(gr.name()).isGreaterThanOrEqualTo(8);
            }
        }
        assertThat(r.pruned().metadata().get("mnc.prune")).startsWith("prune ratio 0.3, l1 importance: MACs ");
    }

    @Test
    void aParameterTargetIsMetWithinAStep() {
        Graph g = blocks();
        long target = (long) (0.8 * GraphCost.params(g));
        PruneResult r = Pruner.prune(g, noRecovery(Budget.targetParams(target)), null, ProgressListener.NONE);
        assertThat(r.report().paramsAfter()).isEqualTo(GraphCost.params(r.pruned())).isLessThanOrEqualTo(target);
        assertThat(r.report().notes()).noneMatch(n -> n.startsWith("budget not met"));
        // A step of 8 hidden channels of a block saves 8 * (16 + 4 + 9 + 16) = 360 parameters (expand,
        // batch_norm, depthwise, project), about 6% of the model: the plan stops within one such step.
        assertThat(r.report().paramsAfter()).isGreaterThan((long) (0.7 * GraphCost.params(g)));
        assertThat(r.pruned().metadata().get("mnc.prune")).startsWith("target params " + target);
    }

    @Test
    void widthMultiplierKeepsTheFractionAndSlicesBatchNormAlong() {
        PruneOptions o = noRecovery(Budget.widthMultiplier(0.5)).toBuilder().minChannels(1).channelMultiple(1).build();
        PruneResult r = Pruner.prune(SmallGraphs.parse(SmallGraphs.DEPTHWISE), o, null, ProgressListener.NONE);
        Graph p = r.pruned();
        assertThat(p.value("e").orElseThrow().shape().toIntArray()).containsExactly(1, 8, 8, 8);
        for (String param : List.of("g", "b", "m", "v")) {
            assertThat(p.value(param).orElseThrow().shape().toIntArray()).as(param).containsExactly(8);
        }
        assertThat(((Conv2d) p.value("d").orElseThrow().producer().op()).group()).isEqualTo(8);
        assertThat(p.value("wp").orElseThrow().shape().toIntArray()).containsExactly(8, 8, 1, 1);
        assertThat(r.report().layers()).extracting(PruneReport.LayerReport::layer)
                .containsExactly("expand", "dw", "project");
        assertThat(r.report().layers().get(0).outAfter()).isEqualTo(8);
        assertThat(r.report().layers().get(2).inBefore()).isEqualTo(16);
    }

    @Test
    void everyCriterionGivesAValidSmallerModel() {
        Graph g = blocks();
        CalibrationData cal = SmallGraphs.calibration(g, 6, 1);
        for (Importance i : Importance.values()) {
            PruneOptions o = PruneOptions.builder().pruneRatio(0.25).importance(i).samplesPerImage(32).build();
            PruneResult r = Pruner.prune(g, o, cal, ProgressListener.NONE);
            Verifier.verify(r.pruned());
            assertThat(r.report().macRatio()).as(i.text()).isLessThanOrEqualTo(0.75);
            assertThat(r.report().refits()).as(i.text()).isNotEmpty();
        }
    }

    @Test
    void uniformToMacsIsTheWidestUniformModelWithinTheBudget() {
        Graph g = blocks();
        long target = (long) (0.7 * GraphCost.macs(g));
        PruneResult r = Pruner.prune(g, noRecovery(Budget.uniformToMacs(target)), null, ProgressListener.NONE);
        assertThat(r.report().macsAfter()).isLessThanOrEqualTo(target);
        assertThat(r.report().notes()).anyMatch(n -> n.startsWith("uniform width multiplier"));
    }

    @Test
    void skippedLayersKeepTheirWidth() {
        Graph g = blocks();
        PruneResult r = Pruner.prune(g, noRecovery(Budget.pruneRatio(0.3)).toBuilder().skip(Set.of("expand2")).build(), null,
                ProgressListener.NONE);
        assertThat(r.pruned().value("e2").orElseThrow().shape().intSize(1)).isEqualTo(40);
    }

    @Test
    void anUnreachableBudgetIsReported() {
        PruneResult r = Pruner.prune(blocks(), noRecovery(Budget.pruneRatio(0.95)), null, ProgressListener.NONE);
        assertThat(r.report().notes()).anyMatch(n -> n.startsWith("budget not met"));
        assertThat(r.report().macsAfter()).isLessThan(r.report().macsBefore());
    }

    @Test
    void progressIsReported() {
        Graph g = blocks();
        List<String> seen = new ArrayList<>();
        PruneOptions o = PruneOptions.builder().pruneRatio(0.2).importance(Importance.ACTIVATION).samplesPerImage(16)
                .build();
        Pruner.prune(g, o, SmallGraphs.calibration(g, 3, 1), (stage, done, total) -> seen.add(stage + " " + done + "/" + total));
        assertThat(seen).contains("activations 3/3", "recovery 0/" + seen.stream()
                .filter(s -> s.startsWith("recovery 0/")).findFirst().orElseThrow().substring(11));
        assertThat(seen.get(seen.size() - 1)).matches("recovery (\\d+)/\\1");
    }

    @Test
    void theReportRendersATable() {
        PruneResult r = Pruner.prune(blocks(), noRecovery(Budget.pruneRatio(0.3)), null, ProgressListener.NONE);
        String table = r.report().table();
        assertThat(table).contains("layer", "in channels", "expand1", "project3", "classifier", "total");
        assertThat(table.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow()).contains("->", "%");
    }

    @Test
    void theReportConvertsToPlainMapsForJson() {
        PruneReport report = Pruner.prune(blocks(), noRecovery(Budget.pruneRatio(0.3)), null, ProgressListener.NONE)
                .report();
        Map<String, Object> m = report.toMap();
        assertThat(m).containsKeys("budget", "importance", "totals", "layers", "groups", "refits", "notes");
        assertThat(m.get("budget")).isEqualTo("prune ratio 0.3");
        assertThat(m.get("importance")).isEqualTo("l1");
        assertThat(asMap(m.get("totals"))).containsEntry("macsBefore", report.macsBefore())
                .containsEntry("macsAfter", report.macsAfter()).containsEntry("paramsAfter", report.paramsAfter());
        List<?> layers = (List<?>) m.get("layers");
        assertThat(layers).hasSize(report.layers().size());
        assertThat(asMap(layers.get(1))).containsEntry("layer", "expand1").containsEntry("outBefore", 40)
                .containsEntry("outAfter", report.layers().get(1).outAfter());
        assertThat((List<?>) m.get("refits")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void aCalibrationLimitPicksTheSameSeededSubsetEveryTime() {
        Graph g = blocks();
        CalibrationData cal = SmallGraphs.calibration(g, 10, 1);
        CalibrationData sub = cal.subset(4, 7);
        assertThat(sub.size()).isEqualTo(4);
        List<Map<String, TensorData>> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picked.add(sub.sample(i));
            assertThat(sub.sample(i)).isSameAs(cal.subset(4, 7).sample(i));
        }
        List<Integer> positions = new ArrayList<>();
        for (Map<String, TensorData> s : picked) {
            for (int i = 0; i < cal.size(); i++) {
                if (cal.sample(i) == s) {
                    positions.add(i);
                }
            }
        }
        assertThat(positions).hasSize(4).isSorted().doesNotHaveDuplicates();
        assertThat(cal.subset(10, 7)).isSameAs(cal);

        List<String> seen = new ArrayList<>();
        PruneOptions o = PruneOptions.builder().pruneRatio(0.2).importance(Importance.ACTIVATION).recovery(false)
                .calibrationLimit(3).build();
        Pruner.prune(g, o, cal, (stage, done, total) -> seen.add(stage + " " + done + "/" + total));
        assertThat(seen).containsExactly("activations 1/3", "activations 2/3", "activations 3/3");
    }

    @Test
    void refusesWhatItCannotPrune() {
        assertThatThrownBy(() -> Pruner.prune(blocks(), PruneOptions.builder().pruneRatio(0.3).build(), null,
                ProgressListener.NONE)).isInstanceOf(MncException.class)
                .hasMessage("recovery needs calibration data; give --calibration-data DIR or turn recovery off");

        Graph nhwc = blocks();
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(nhwc, PassContext.defaults());
        assertThatThrownBy(() -> Pruner.prune(nhwc, noRecovery(Budget.pruneRatio(0.3)), null, ProgressListener.NONE))
                .isInstanceOf(MncException.class).hasMessageContaining("before layout-nhwc");

        assertThatThrownBy(() -> PruneOptions.builder().importance(Importance.L1).build())
                .isInstanceOf(MncException.class).hasMessageStartingWith("pruning needs a budget");
        assertThatThrownBy(() -> PruneOptions.builder().pruneRatio(0.3).calibrationLimit(-1).build())
                .isInstanceOf(MncException.class).hasMessageContaining("calibration limit");
        assertThatThrownBy(() -> Budget.pruneRatio(1.2)).isInstanceOf(MncException.class)
                .hasMessageContaining("--prune-ratio must be between 0 and 1");
        assertThatThrownBy(() -> Importance.fromText("taylor")).isInstanceOf(MncException.class)
                .hasMessageContaining("known: l1, l2, bn-gamma, activation, reconstruction");

        Graph g = blocks();
        CalibrationData wrong = SmallGraphs.calibration(SmallGraphs.parse(SmallGraphs.DEPTHWISE), 2, 1);
        assertThatThrownBy(() -> Pruner.prune(g, PruneOptions.builder().pruneRatio(0.3).build(), wrong,
                ProgressListener.NONE))
                .isInstanceOf(MncException.class).hasMessageContaining("calibration input 'x' is f32[1,4,8,8]"
                        + " but the graph takes f32[1,3,16,16] nchw");
    }
}
