package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.passes.PassContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Int8 post-training quantization: the module's entry point.
 *
 * <pre>
 * Graph g = OnnxImporter.importModel(path, ImportOptions.defaults());
 * BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
 * QuantizationResult r = Quantizer.quantize(g, calibration, QuantizeOptions.defaults(), ProgressListener.NONE);
 * byte[] tflite = TfliteWriter.write(r.graph());
 * </pre>
 *
 * <p>Steps, on a copy of the float graph (which is left as it was):
 * <ol>
 *   <li>{@link PrepareForInt8}, and {@link CrossLayerEqualization} when asked: float rewrites, so
 *       that calibration sees the graph that gets quantized.</li>
 *   <li>{@link Calibration}: the graph, compiled for the native runtime, runs over the calibration
 *       data; observers choose every activation's range.</li>
 *   <li>{@link QuantPlan}: which ops run in int8 and every value's scale and zero point, under the
 *       specification's constraints.</li>
 *   <li>{@link QuantizedWeights}: int8 weights and int32 biases ({@link BiasCorrection} when asked).</li>
 *   <li>{@link Int8Lowering}: the int8 graph.</li>
 *   <li>{@link ErrorMeter}: its error, layer by layer and end to end, on the calibration data;
 *       with a {@link Fallback}, the worst layers go back to float and steps 3 to 6 run again.</li>
 * </ol>
 * The result depends only on the graph, the data and the options, never on the number of
 * threads: the same inputs give byte-identical models.
 */
public final class Quantizer {
    private Quantizer() {}

    /**
     * Quantizes {@code floatGraph} (verified, static shapes, batch norms folded, spatial ops in
     * NHWC: the output of the default pipeline) to int8.
     *
     * @throws MncException when the calibration set is empty, a sample does not fit the graph's
     *     inputs, or the float model produces NaN or infinity on it
     */
    public static QuantizationResult quantize(Graph floatGraph, CalibrationData data, QuantizeOptions options,
            ProgressListener progress) {
        if (data.size() == 0) {
            throw new MncException("calibration set is empty: quantizing graph '" + floatGraph.name()
                    + "' needs at least one sample of its inputs (e.g. a folder of images or .npy files)");
        }
        CalibrationData samples = options.calibrationLimit() > 0 ? data.subset(options.calibrationLimit(),
                options.seed()) : data;
        Verifier.verify(floatGraph);
        Graph f = floatGraph.copy();
        new PrepareForInt8().run(f, PassContext.defaults());
        if (options.crossLayerEqualization()) {
            new CrossLayerEqualization().run(f, PassContext.defaults());
        }
        Verifier.verify(f);
        List<Value> activations = activations(f);
        List<Node> layers = new ArrayList<>();
        if (options.biasCorrection()) {
            for (Node n : f.nodes()) {
                if (Int8Ops.kind(n) == Int8Ops.Kind.WEIGHTED) {
                    layers.add(n);
                }
            }
        }
        Calibration.Result cal;
        try (SampleRunner runner = new SampleRunner(List.of(f), options.threads())) {
            cal = new Calibration(activations, decisive(f), layers).run(runner, options, samples, progress);
        }
        CalibrationData measured = options.measureSamples() > 0 && options.measureSamples() < samples.size()
                ? firstOf(samples, options.measureSamples()) : samples;
        Attempt first = attempt(f, Set.of(), cal, options, measured, progress, "measure");
        Attempt last = first;
        Set<Node> fallback = fallback(first, options.fallback());
        if (!fallback.isEmpty()) {
            last = attempt(f, fallback, cal, options, measured, progress, "measure fallback");
        }
        Graph q = last.lowered.graph();
        q.metadata().put("mnc.quantization", "int8 (" + options.describe() + ", " + samples.size()
                + " calibration samples)");
        return new QuantizationResult(q, report(f, last, first, fallback, options, samples.size(), measured.size()));
    }

    private static CalibrationData firstOf(CalibrationData data, int n) {
        return CalibrationData.lazy(n, data::sample);
    }

    /** One plan, its int8 graph and its measured errors. */
    private record Attempt(QuantPlan plan, Map<Node, QuantizedWeights> weights, Int8Lowering.Result lowered,
            ErrorMeter.Errors errors) {}

    private static Attempt attempt(Graph f, Set<Node> floatNodes, Calibration.Result cal, QuantizeOptions options,
            CalibrationData data, ProgressListener progress, String phase) {
        QuantPlan plan = new QuantPlan(f, floatNodes, cal.ranges());
        Map<Node, QuantizedWeights> weights = new IdentityHashMap<>();
        for (Node n : f.nodes()) {
            if (plan.kind(n) == Int8Ops.Kind.WEIGHTED) {
                boolean perChannel = n.op() instanceof Conv2d ? options.perChannel() : options.perChannelFullyConnected();
                float inScale = plan.params(n.input(0)).scale();
                weights.put(n, QuantizedWeights.of(n, inScale, perChannel, cal.inputMeans().get(n)));
            }
        }
        Int8Lowering.Result lowered = Int8Lowering.lower(plan, weights, options.ioType());
        Simulation.Result layerwise = Simulation.layerwise(f, lowered);
        Simulation.Result endToEnd = Simulation.endToEnd(f, lowered);
        ErrorMeter.Errors errors;
        try (SampleRunner runner = new SampleRunner(List.of(layerwise.graph(), endToEnd.graph()), options.threads())) {
            errors = ErrorMeter.measure(runner, layerwise, endToEnd, data, phase, progress);
        }
        return new Attempt(plan, weights, lowered, errors);
    }

    /**
     * The values whose largest elements are the model's answer: the graph outputs and the inputs of
     * softmax. They keep their full observed range (min/max) whatever the calibration method:
     * clipping them, as percentile, entropy and MSE ranges do to rare extremes, would saturate the
     * largest logits to one value and turn a classifier's argmax into a tie.
     */
    private static Set<Value> decisive(Graph f) {
        Set<Value> out = new LinkedHashSet<>(f.outputs());
        for (Node n : f.nodes()) {
            if (n.op() instanceof Softmax) {
                out.add(n.input(0));
            }
        }
        return out;
    }

    /** Every f32 activation of the graph: inputs and node outputs. */
    private static List<Value> activations(Graph f) {
        List<Value> out = new ArrayList<>();
        for (Value v : f.inputs()) {
            if (v.dtype() == DType.F32) {
                out.add(v);
            }
        }
        for (Node n : f.nodes()) {
            for (Value v : n.outputs()) {
                if (v.dtype() == DType.F32) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** The layers the fallback keeps in float: worst layer SQNR first (ties in graph order), and any below the threshold. */
    private static Set<Node> fallback(Attempt a, Fallback fb) {
        Set<Node> out = new LinkedHashSet<>();
        if (fb.isNone()) {
            return out;
        }
        List<Node> candidates = new ArrayList<>();
        Map<Node, Double> db = new HashMap<>();
        for (Node n : a.plan.graph().nodes()) {
            Int8Ops.Kind k = a.plan.kind(n);
            if (a.plan.absorbedBy(n) != null
                    || (k != Int8Ops.Kind.WEIGHTED && k != Int8Ops.Kind.RESCALE && k != Int8Ops.Kind.FIXED)) {
                continue;
            }
            Sqnr s = a.errors.layer().get(a.plan.int8Output(n).name());
            if (s != null) {
                candidates.add(n);
                db.put(n, s.db());
            }
        }
        List<Node> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparingDouble(db::get));
        for (int i = 0; i < Math.min(fb.worstLayers(), ranked.size()); i++) {
            out.add(ranked.get(i));
        }
        for (Node n : candidates) {
            if (db.get(n) < fb.minSqnrDb()) {
                out.add(n);
            }
        }
        Set<Node> withClips = new LinkedHashSet<>(out);
        for (Node n : out) {
            Value y = a.plan.int8Output(n);
            if (y != n.output()) {
                withClips.add(y.producer());
            }
        }
        return withClips;
    }

    private static QuantizationReport report(Graph f, Attempt a, Attempt first, Set<Node> fallback,
            QuantizeOptions options, int samples, int measured) {
        List<QuantizationReport.TensorReport> tensors = new ArrayList<>();
        Graph q = a.lowered.graph();
        Map<Value, Value> sources = a.lowered.sources();
        List<Value> int8Values = new ArrayList<>(q.inputs());
        for (Node n : q.nodes()) {
            int8Values.addAll(n.outputs());
        }
        for (Value v : int8Values) {
            Value src = sources.get(v);
            if (src == null || v.dtype() != DType.I8) {
                continue;
            }
            Node p = v.producer();
            Sqnr model = a.errors.model().get(src.name());
            Sqnr layer = a.errors.layer().get(src.name());
            tensors.add(new QuantizationReport.TensorReport(src.name(), v.name(), QuantizationReport.Kind.ACTIVATION,
                    p == null ? "input" : p.op().name(), p == null ? List.of() : p.origin(), DType.I8, v.quant(),
                    model == null ? Double.NaN : model.db(), layer == null ? Double.NaN : layer.db()));
        }
        for (Node n : f.nodes()) {
            QuantizedWeights w = a.weights.get(n);
            if (w == null) {
                continue;
            }
            Value fw = n.input(1);
            Value qw = q.value(fw.name()).orElseThrow();
            double wDb = sqnr(fw.data().floats(), w.dequantized());
            tensors.add(new QuantizationReport.TensorReport(fw.name(), qw.name(), QuantizationReport.Kind.WEIGHT,
                    n.op().name(), n.origin(), DType.I8, qw.quant(), wDb, wDb));
            float[] dqBias = new float[w.bias().length];
            for (int i = 0; i < dqBias.length; i++) {
                dqBias[i] = w.biasScales()[w.biasScales().length == 1 ? 0 : i] * w.bias()[i];
            }
            String biasName = n.numInputs() > 2 ? n.input(2).name() : a.plan.int8Output(n).name() + "/bias";
            Value qb = q.value(biasName).orElseThrow();
            double bDb = sqnr(w.floatBias(), dqBias);
            tensors.add(new QuantizationReport.TensorReport(biasName, qb.name(), QuantizationReport.Kind.BIAS,
                    n.op().name(), n.origin(), DType.I32, qb.quant(), bDb, bDb));
        }
        List<QuantizationReport.FloatNode> floats = new ArrayList<>();
        for (Node n : f.nodes()) {
            if (a.plan.isInt8(n) || n.numInputs() == 0 || n.input(0).dtype() != DType.F32) {
                continue;
            }
            String reason;
            if (fallback.contains(n)) {
                Sqnr s = first.errors.layer().get(first.plan.int8Output(n).name());
                reason = "kept in float by the fallback" + (s == null ? "" : String.format(Locale.ROOT,
                        " (layer SQNR %.1f dB in int8)", s.db()));
            } else {
                reason = "no int8 kernel for " + n.op().name() + " here";
            }
            floats.add(new QuantizationReport.FloatNode(n.describe(), reason));
        }
        return new QuantizationReport(f.name(), options, samples, measured, tensors, floats);
    }

    private static double sqnr(float[] x, float[] y) {
        double s = 0;
        double e = 0;
        for (int i = 0; i < x.length; i++) {
            s += (double) x[i] * x[i];
            double d = (double) x[i] - y[i];
            e += d * d;
        }
        return new Sqnr(s, e).db();
    }
}
