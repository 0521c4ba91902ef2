package dev.mnc.prune;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * What pruning did: per layer and in total, channels, parameters and MACs before and after (as
 * {@link GraphCost} counts them), each group's width, each refit, and notes the user should read
 * (an unmet budget, a criterion that fell back). {@link #table()} renders it for a terminal,
 * {@link #toMap()} gives it as plain maps and lists for a JSON writer.
 *
 * @param layers every layer with a weight product (conv, transposed conv, dense, matmul), in graph order
 * @param groups every dependency group with its width before and after
 * @param refits what recovery did per layer, empty when it did not run
 */
public record PruneReport(Budget budget, Importance importance, List<LayerReport> layers, List<GroupReport> groups,
        long macsBefore, long macsAfter, long paramsBefore, long paramsAfter, List<RefitReport> refits,
        List<String> notes) {

    /**
     * One layer.
     *
     * @param layer the ONNX node name
     * @param op the IR op
     */
    public record LayerReport(String layer, String op, int inBefore, int inAfter, int outBefore, int outAfter,
            long paramsBefore, long paramsAfter, long macsBefore, long macsAfter) {}

    /** One dependency group (see {@link ChannelGroup}) and how many channels it kept. */
    public record GroupReport(String name, int channelsBefore, int channelsAfter, boolean prunable, String reason) {}

    public PruneReport {
        layers = List.copyOf(layers);
        groups = List.copyOf(groups);
        refits = List.copyOf(refits);
        notes = List.copyOf(notes);
    }

    static PruneReport of(Graph before, Graph after, DependencyGraph deps, Plan plan, List<RefitReport> refits,
            List<String> notes, PruneOptions options) {
        List<LayerReport> layers = new ArrayList<>();
        for (Node n : before.nodes()) {
            long macs = GraphCost.macs(n);
            if (macs == 0) {
                continue;
            }
            Node m = after.value(n.output().name()).map(Value::producer).orElseThrow();
            layers.add(new LayerReport(n.displayName(), n.op().name(), channels(n.input(0)), channels(m.input(0)),
                    channels(n.output()), channels(m.output()), GraphCost.params(n), GraphCost.params(m), macs,
                    GraphCost.macs(m)));
        }
        List<GroupReport> groups = new ArrayList<>();
        for (ChannelGroup g : deps.groups()) {
            groups.add(new GroupReport(g.name(), g.channels(), plan.kept(g.id()), g.prunable(), g.reason()));
        }
        return new PruneReport(options.budget(), options.importance(), layers, groups, GraphCost.macs(before),
                GraphCost.macs(after), GraphCost.params(before), GraphCost.params(after), refits, notes);
    }

    private static int channels(Value v) {
        return v.type().rank() >= 2 ? v.shape().intSize(1) : 1;
    }

    /** MACs after over MACs before. */
    public double macRatio() {
        return macsBefore == 0 ? 1 : (double) macsAfter / macsBefore;
    }

    /** Parameters after over parameters before. */
    public double paramRatio() {
        return paramsBefore == 0 ? 1 : (double) paramsAfter / paramsBefore;
    }

    /** The per-layer table, totals, refits and notes, as lines for a terminal. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        int width = "layer".length();
        for (LayerReport l : layers) {
            width = Math.max(width, l.layer().length());
        }
        String row = "%-" + width + "s  %-16s  %-13s  %-13s  %-21s  %s%n";
        sb.append(String.format(Locale.ROOT, row, "layer", "op", "in channels", "out channels", "params", "MACs"));
        for (LayerReport l : layers) {
            sb.append(String.format(Locale.ROOT, row, l.layer(), l.op(), arrow(l.inBefore(), l.inAfter()),
                    arrow(l.outBefore(), l.outAfter()), arrow(count(l.paramsBefore()), count(l.paramsAfter())),
                    arrow(count(l.macsBefore()), count(l.macsAfter()))));
        }
        sb.append(String.format(Locale.ROOT, row, "total", "", "", "",
                arrow(count(paramsBefore), count(paramsAfter)) + String.format(Locale.ROOT, " (%.1f%%)",
                        100 * paramRatio()),
                arrow(count(macsBefore), count(macsAfter)) + String.format(Locale.ROOT, " (%.1f%%)", 100 * macRatio())));
        if (!refits.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nrecovery (relative output error of each refit layer%s):%n",
                    refits.get(0).heldOut() ? ", on held-out images" : ""));
            for (RefitReport r : refits) {
                sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %.4f -> %.4f  lambda %.0e  %d samples%s%n",
                        r.layer(), r.errorBefore(), r.errorAfter(), r.lambda(), r.samples(),
                        r.applied() ? "" : "  (kept sliced weights: " + r.note() + ")"));
            }
        }
        for (String n : notes) {
            sb.append("note: ").append(n).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /**
     * The report as nested {@link Map}s (insertion-ordered) and {@link List}s of strings, numbers
     * and booleans, the shape of a JSON document, for the caller to serialize:
     * <pre>
     * {"budget": "prune ratio 0.3", "importance": "l2",
     *  "totals": {"macsBefore", "macsAfter", "macRatio", "paramsBefore", "paramsAfter", "paramRatio"},
     *  "layers": [{"layer", "op", "inBefore", "inAfter", "outBefore", "outAfter",
     *              "paramsBefore", "paramsAfter", "macsBefore", "macsAfter"}, ...],
     *  "groups": [{"name", "channelsBefore", "channelsAfter", "prunable", "reason"}, ...],
     *  "refits": [{"layer", "samples", "lambda", "errorBefore", "errorAfter", "heldOut", "applied", "note"}, ...],
     *  "notes": ["...", ...]}
     * </pre>
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budget", budget.describe());
        m.put("importance", importance.text());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("macsBefore", macsBefore);
        totals.put("macsAfter", macsAfter);
        totals.put("macRatio", macRatio());
        totals.put("paramsBefore", paramsBefore);
        totals.put("paramsAfter", paramsAfter);
        totals.put("paramRatio", paramRatio());
        m.put("totals", totals);
        List<Object> ls = new ArrayList<>();
        for (LayerReport l : layers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("layer", l.layer());
            e.put("op", l.op());
            e.put("inBefore", l.inBefore());
            e.put("inAfter", l.inAfter());
            e.put("outBefore", l.outBefore());
            e.put("outAfter", l.outAfter());
            e.put("paramsBefore", l.paramsBefore());
            e.put("paramsAfter", l.paramsAfter());
            e.put("macsBefore", l.macsBefore());
            e.put("macsAfter", l.macsAfter());
            ls.add(e);
        }
        m.put("layers", ls);
        List<Object> gs = new ArrayList<>();
        for (GroupReport g : groups) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", g.name());
            e.put("channelsBefore", g.channelsBefore());
            e.put("channelsAfter", g.channelsAfter());
            e.put("prunable", g.prunable());
            e.put("reason", g.reason());
            gs.add(e);
        }
        m.put("groups", gs);
        List<Object> rs = new ArrayList<>();
        for (RefitReport r : refits) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("layer", r.layer());
            e.put("samples", r.samples());
            e.put("lambda", r.lambda());
            e.put("errorBefore", r.errorBefore());
            e.put("errorAfter", r.errorAfter());
            e.put("heldOut", r.heldOut());
            e.put("applied", r.applied());
            e.put("note", r.note());
            rs.add(e);
        }
        m.put("refits", rs);
        m.put("notes", List.copyOf(notes));
        return m;
    }

    private static String arrow(Object a, Object b) {
        return a + " -> " + b;
    }

    /** 1234567 as {@code 1.23M}, small counts as they are. */
    static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        } else if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        } else if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }
}
