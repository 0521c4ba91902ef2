package dev.mnc.driver;

import dev.mnc.backend.tflite.ClassifierMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ModelSummary} as a text table or as JSON. */
public final class SummaryReport {
    private SummaryReport() {}

    public static String text(ModelSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append("model:   ").append(s.file()).append(" (").append(s.details()).append(")\n");
        for (ModelSummary.Tensor t : s.inputs()) {
            sb.append("input:   ").append(tensor(t)).append('\n');
        }
        for (ModelSummary.Tensor t : s.outputs()) {
            sb.append("output:  ").append(tensor(t)).append('\n');
        }
        List<String> counts = new ArrayList<>();
        s.opCounts().forEach((op, n) -> counts.add(op + " " + n));
        sb.append("ops:     ").append(String.join(", ", counts)).append('\n');
        String tfliteMetadata = s.metadata().get(ClassifierMetadata.METADATA_NAME);
        if (tfliteMetadata != null) {
            sb.append("meta:    ").append(tfliteMetadata).append('\n');
        }
        sb.append('\n');
        int nameWidth = 5;
        int opWidth = 2;
        for (ModelSummary.Layer l : s.layers()) {
            nameWidth = Math.max(nameWidth, Math.min(48, l.name().length()));
            opWidth = Math.max(opWidth, l.op().length());
        }
        String fmt = "%4s  %-" + nameWidth + "s  %-" + opWidth + "s  %-20s %12s %15s%n";
        sb.append(String.format(Locale.ROOT, fmt, "#", "layer", "op", "output", "params", "MACs"));
        int i = 0;
        for (ModelSummary.Layer l : s.layers()) {
            String name = l.name().length() > 48 ? "..." + l.name().substring(l.name().length() - 45) : l.name();
            sb.append(String.format(Locale.ROOT, fmt, ++i, name, l.op(), "[" + String.join(",", l.outputShape()) + "]",
                    group(l.parameters()), group(l.macs())));
        }
        sb.append(String.format(Locale.ROOT, "%ntotal:   %s parameters (%s), %s MACs (%s)%n", group(s.parameters()),
                human(s.parameters()), group(s.macs()), human(s.macs())));
        return sb.toString();
    }

    public static String json(ModelSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file());
        m.put("format", s.format().name().toLowerCase(Locale.ROOT));
        m.put("details", s.details());
        m.put("inputs", tensors(s.inputs()));
        m.put("outputs", tensors(s.outputs()));
        m.put("op_counts", new LinkedHashMap<>(s.opCounts()));
        m.put("parameters", s.parameters());
        m.put("macs", s.macs());
        List<Object> layers = new ArrayList<>();
        for (ModelSummary.Layer l : s.layers()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("name", l.name());
            lm.put("op", l.op());
            lm.put("output_shape", l.outputShape());
            lm.put("parameters", l.parameters());
            lm.put("macs", l.macs());
            layers.add(lm);
        }
        m.put("layers", layers);
        m.put("metadata", new LinkedHashMap<>(s.metadata()));
        return Json.write(m);
    }

    private static List<Object> tensors(List<ModelSummary.Tensor> ts) {
        List<Object> out = new ArrayList<>();
        for (ModelSummary.Tensor t : ts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("dtype", t.dtype());
            m.put("shape", t.shape());
            if (t.scale() != null) {
                m.put("scale", t.scale());
                m.put("zero_point", t.zeroPoint());
            }
            out.add(m);
        }
        return out;
    }

    private static String tensor(ModelSummary.Tensor t) {
        return t.name() + " " + t.dtype() + "[" + String.join(",", t.shape()) + "]"
                + (t.scale() == null ? "" : " scale " + t.scale() + " zero point " + t.zeroPoint());
    }

    private static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String human(long v) {
        if (v >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        }
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (v >= 1_000) {
            return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        }
        return Long.toString(v);
    }
}
