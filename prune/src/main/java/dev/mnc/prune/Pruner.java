package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Structured channel pruning: the prune module's entry point.
 *
 * <pre>
 * Graph g = OnnxImporter.importModel(model, ImportOptions.defaults());
 * PruneResult r = Pruner.prune(g, PruneOptions.builder().pruneRatio(0.3).build(), calibration, ProgressListener.NONE);
 * System.out.print(r.report().table());
 * </pre>
 *
 * <p>Steps, each in its own class: the {@link DependencyGraph} of the graph gives the groups of
 * channels that go together; {@link ChannelImportance} scores their channels (activations measured
 * on the calibration data through the native runtime); {@link Planner} chooses what to remove for
 * the {@link Budget}; {@link GraphSlicer} removes it, always giving a valid and smaller graph (whole
 * channels are removed, never masked); {@link Recovery} refits the layers that read pruned channels
 * by least squares; {@link PruneReport} tells what changed.
 *
 * <p>The graph must be the float NCHW graph the ONNX frontend produces, with batch_norm still in
 * place (its gamma is a criterion, and folding can come after): prune before
 * {@code layout-nhwc}, {@code fold-batchnorm} and quantization. Its shapes must be static.
 */
public final class Pruner {
    private Pruner() {}

    /**
     * Prunes a copy of {@code graph}.
     *
     * @param calibration inputs to measure activations on; may be null when
     *     {@link PruneOptions#needsCalibration()} is false
     * @throws MncException for a graph pruning cannot handle, missing or mismatched calibration
     *     data, or unknown skipped layers
     */
    public static PruneResult prune(Graph graph, PruneOptions options, CalibrationData calibration,
            ProgressListener progress) {
        check(graph);
        if (options.needsCalibration() && (calibration == null || calibration.size() == 0)) {
            throw new MncException((options.recovery() ? "recovery" : options.importance().text() + " importance")
                    + " needs calibration data; give --calibration-data DIR"
                    + (options.recovery() ? " or turn recovery off" : ""));
        }
        CalibrationData data = calibration == null || options.calibrationLimit() == 0 ? calibration
                : calibration.subset(options.calibrationLimit(), options.seed());
        DependencyGraph deps = DependencyGraph.build(graph, options.skip());
        List<String> notes = new ArrayList<>();
        Ranking[] rankings = ChannelImportance.rank(deps, options, data, progress, notes);
        Plan plan = Planner.plan(deps, rankings, options, notes);
        Graph pruned = GraphSlicer.apply(graph, plan);
        List<RefitReport> refits = List.of();
        if (!plan.removesAnything()) {
            notes.add("nothing was pruned: no prunable group could shrink within the budget and minimum widths");
        } else if (options.recovery()) {
            refits = Recovery.run(graph, pruned, plan, data, options, progress);
        }
        PruneReport report = PruneReport.of(graph, pruned, deps, plan, refits, notes, options);
        pruned.metadata().put("mnc.prune", String.format(Locale.ROOT, "%s, %s importance%s: MACs %d -> %d",
                options.budget().describe(), options.importance().text(), options.recovery() ? ", recovered" : "",
                report.macsBefore(), report.macsAfter()));
        return new PruneResult(pruned, report);
    }

    /** Refuses graphs the pruner does not handle, naming the node and saying what to do. */
    private static void check(Graph g) {
        Verifier.verify(g);
        for (Value v : g.values()) {
            if (!v.shape().isStatic()) {
                throw new MncException("%" + v.name() + " has the dynamic shape " + v.shape()
                        + "; bind every input shape (--input-shape) before pruning");
            }
            if (v.quant() != null) {
                throw new MncException("%" + v.name() + " is quantized; prune the float model, then quantize");
            }
        }
        for (Node n : g.nodes()) {
            if (n.op().layout() == Layout.NHWC) {
                throw new MncException(n.describe() + " is NHWC; prune the imported NCHW graph, before layout-nhwc");
            }
            for (Value in : n.inputs()) {
                if (in.isConstant() && in.dtype() != DType.F32 && in.dtype() != DType.I64 && in.dtype() != DType.I32) {
                    throw new MncException(n.describe() + " reads the " + in.dtype() + " constant %" + in.name()
                            + "; prune the float model, then quantize");
                }
            }
        }
    }
}
