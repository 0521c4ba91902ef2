package dev.mnc.quantize;

import dev.mnc.ir.DType;
import dev.mnc.ir.QuantParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What quantization did, tensor by tensor: for every int8 activation, weight and bias, its name
 * (the float graph's value name, which is the source model's tensor name), the node that writes
 * it and where that node came from, its scale(s) and zero point(s), and how far its int8 values
 * are from the float ones, measured on the calibration data:
 * <ul>
 *   <li>{@code sqnr_db} (model SQNR): at this tensor, the int8 model against the float model, all
 *       error up to here included;</li>
 *   <li>{@code layer_sqnr_db} (layer SQNR): the error this tensor's op adds on its own, its inputs
 *       quantized from the float model's values. Low values name the layers that hurt; fallback
 *       ranks layers by it. For weights and biases both are the SQNR of the constant itself.</li>
 * </ul>
 * SQNR is 10 log10(sum x^2 / sum (x - x~)^2) in dB (see {@link Sqnr}); {@code null} in JSON when
 * the int8 values are exact.
 *
 * <p>Also listed: the nodes that run in float in the int8 model and why (no int8 kernel, or kept
 * by the fallback).
 */
public final class QuantizationReport {

    /** What a reported tensor is. */
    public enum Kind {
        ACTIVATION, WEIGHT, BIAS;

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One quantized tensor.
     *
     * @param name the float graph's (source model's) name for the tensor
     * @param int8Name the int8 graph's name for it (the same, or {@code <name>/int8} at a float boundary)
     * @param kind activation, weight or bias
     * @param op the IR op that writes (activations) or reads (weights, biases) the tensor
     * @param origin the source-model nodes that op came from
     * @param dtype i8, or i32 for biases
     * @param params scale(s) and zero point(s)
     * @param sqnrDb model SQNR in dB (see the class comment)
     * @param layerSqnrDb layer SQNR in dB, NaN when not measured
     */
    public record TensorReport(String name, String int8Name, Kind kind, String op, List<String> origin, DType dtype,
            QuantParams params, double sqnrDb, double layerSqnrDb) {
        public TensorReport {
            origin = List.copyOf(origin);
        }
    }

    /**
     * A node that runs in float inside the int8 model.
     *
     * @param node its description ({@code node 'Conv_3' (conv2d)})
     * @param reason why it is not int8
     */
    public record FloatNode(String node, String reason) {}

    private final String model;
    private final QuantizeOptions options;
    private final int samples;
    private final int measured;
    private final List<TensorReport> tensors;
    private final List<FloatNode> floatNodes;

    QuantizationReport(String model, QuantizeOptions options, int samples, int measured, List<TensorReport> tensors,
            List<FloatNode> floatNodes) {
        this.model = model;
        this.options = options;
        this.samples = samples;
        this.measured = measured;
        this.tensors = List.copyOf(tensors);
        this.floatNodes = List.copyOf(floatNodes);
    }

    /** The graph's name. */
    public String model() {
        return model;
    }

    public QuantizeOptions options() {
        return options;
    }

    /** Number of calibration samples used. */
    public int samples() {
        return samples;
    }

    /** Number of calibration samples the errors were measured on (the first ones). */
    public int measuredSamples() {
        return measured;
    }

    /** Every quantized tensor: activations in graph order, then weights and biases. */
    public List<TensorReport> tensors() {
        return tensors;
    }

    /** The tensor reported under {@code name}, if any (an activation before a weight of the same name). */
    public Optional<TensorReport> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Nodes running in float inside the int8 model, in graph order. */
    public List<FloatNode> floatNodes() {
        return floatNodes;
    }

    /** The {@code n} activations with the lowest layer SQNR, worst first. */
    public List<TensorReport> worstLayers(int n) {
        List<TensorReport> a = new ArrayList<>();
        for (TensorReport t : tensors) {
            if (t.kind() == Kind.ACTIVATION && !Double.isNaN(t.layerSqnrDb())) {
                a.add(t);
            }
        }
        a.sort(Comparator.comparingDouble(TensorReport::layerSqnrDb));
        return a.subList(0, Math.min(n, a.size()));
    }

    /** A text table of the {@code n} worst layers, for the end of a command-line run. */
    public String worstLayersTable(int n) {
        List<TensorReport> worst = worstLayers(n);
        int width = "tensor".length();
        for (TensorReport t : worst) {
            width = Math.max(width, Math.min(48, t.name().length()));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-16s  %11s  %5s  %9s  %9s%n", "tensor", "op", "scale",
                "zp", "layer dB", "model dB"));
        for (TensorReport t : worst) {
            String name = t.name().length() > 48 ? "..." + t.name().substring(t.name().length() - 45) : t.name();
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-16s  %11.5g  %5d  %9s  %9s%n", name, t.op(),
                    t.params().scale(), t.params().zeroPoint(), db(t.layerSqnrDb()), db(t.sqnrDb())));
        }
        return sb.toString();
    }

    private static String db(double v) {
        return Double.isNaN(v) ? "-" : Double.isInfinite(v) ? (v > 0 ? "exact" : "-inf") : String.format(Locale.ROOT,
                "%.1f", v);
    }

    /**
     * The report as nested maps and lists (keys in a fixed order; numbers as Integer, Float or
     * Double; non-finite SQNR as NaN or infinity, which a JSON writer turns into null), for the
     * caller to write as JSON. See the class comment for the fields.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("method", options.method().text());
        o.put("percentile", options.percentile());
        o.put("per_channel", options.perChannel());
        o.put("per_channel_fully_connected", options.perChannelFullyConnected());
        o.put("io_type", options.ioType().text());
        o.put("cross_layer_equalization", options.crossLayerEqualization());
        o.put("bias_correction", options.biasCorrection());
        o.put("fallback_worst_layers", options.fallback().worstLayers());
        o.put("fallback_min_sqnr_db", options.fallback().minSqnrDb());
        m.put("options", o);
        m.put("calibration_samples", samples);
        m.put("measured_samples", measured);
        List<Object> floats = new ArrayList<>();
        for (FloatNode f : floatNodes) {
            floats.add(Map.of("node", f.node(), "reason", f.reason()));
        }
        m.put("float_nodes", floats);
        List<Object> ts = new ArrayList<>();
        for (TensorReport t : tensors) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name());
            if (!t.int8Name().equals(t.name())) {
                e.put("int8_tensor", t.int8Name());
            }
            e.put("kind", t.kind().text());
            e.put("op", t.op());
            e.put("origin", t.origin());
            e.put("dtype", t.dtype().text());
            QuantParams q = t.params();
            if (q.isPerTensor()) {
                e.put("scale", q.scale());
                e.put("zero_point", q.zeroPoint());
            } else {
                List<Float> scales = new ArrayList<>();
                for (float x : q.scales()) {
                    scales.add(x);
                }
                List<Integer> zeroPoints = new ArrayList<>();
                for (int z : q.zeroPoints()) {
                    zeroPoints.add(z);
                }
                e.put("axis", q.axis());
                e.put("scales", scales);
                e.put("zero_points", zeroPoints);
            }
            e.put("sqnr_db", t.sqnrDb());
            if (!Double.isNaN(t.layerSqnrDb())) {
                e.put("layer_sqnr_db", t.layerSqnrDb());
            }
            ts.add(e);
        }
        m.put("tensors", ts);
        return m;
    }
}
