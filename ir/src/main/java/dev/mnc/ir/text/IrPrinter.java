package dev.mnc.ir.text;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Attrs;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prints a graph in the IR text form (see the package documentation). Constants print their data
 * when they have at most {@link Options#maxInlineElements()} elements, else {@code <elided>};
 * {@link #full()} prints everything, so its output parses back to an identical graph.
 */
public final class IrPrinter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.$/-]+");

    /**
     * What to print.
     *
     * @param maxInlineElements constants up to this size print their data; larger ones print {@code <elided>}
     * @param constants whether to print constant declarations at all
     * @param origins whether to print {@code loc(...)} after each node
     */
    public record Options(long maxInlineElements, boolean constants, boolean origins) {}

    /** Readable: small constants inline, big ones elided, origins shown. */
    public static final Options READABLE = new Options(16, true, true);
    /** Structure only: constants declared without data, no origins (golden comparisons). */
    public static final Options STRUCTURE = new Options(-1, true, false);
    /** Everything, for exact round trips. */
    public static final Options FULL = new Options(Long.MAX_VALUE, true, true);

    private final Options options;

    public IrPrinter(Options options) {
        this.options = options;
    }

    public static String print(Graph g) {
        return new IrPrinter(READABLE).render(g);
    }

    public static String full(Graph g) {
        return new IrPrinter(FULL).render(g);
    }

    public static String structure(Graph g) {
        return new IrPrinter(STRUCTURE).render(g);
    }

    public String render(Graph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("graph @").append(name(g.name())).append('(');
        List<Value> ins = g.inputs();
        for (int i = 0; i < ins.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('%').append(name(ins.get(i).name())).append(": ");
            type(sb, ins.get(i));
        }
        sb.append(") {\n");
        for (Node n : g.nodes()) {
            node(sb, n);
        }
        sb.append("  return ");
        refs(sb, g.outputs());
        sb.append("\n}\n");
        if (options.constants()) {
            for (Value c : g.constants()) {
                constant(sb, c);
            }
        }
        return sb.toString();
    }

    private void node(StringBuilder sb, Node n) {
        sb.append("  ");
        List<Value> outs = n.outputs();
        for (int i = 0; i < outs.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('%').append(name(outs.get(i).name()));
        }
        sb.append(" = ").append(n.op().name()).append('(');
        refs(sb, n.inputs());
        sb.append(')');
        Attrs attrs = n.op().attrs();
        if (!attrs.asMap().isEmpty()) {
            sb.append(' ').append(attrs);
        }
        sb.append(" : ");
        for (int i = 0; i < outs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            type(sb, outs.get(i));
        }
        if (options.origins() && !n.origin().isEmpty()) {
            sb.append(" loc(");
            for (int i = 0; i < n.origin().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(quote(n.origin().get(i)));
            }
            sb.append(')');
        }
        sb.append('\n');
    }

    private static void refs(StringBuilder sb, List<Value> vs) {
        for (int i = 0; i < vs.size(); i++) {
            Value v = vs.get(i);
            sb.append(i > 0 ? ", " : "").append(v.isConstant() ? '@' : '%').append(name(v.name()));
        }
    }

    private static void type(StringBuilder sb, Value v) {
        TensorType t = v.type();
        sb.append(t);
        QuantParams q = v.quant();
        if (q != null) {
            sb.append(' ').append(quant(q));
        }
    }

    static String quant(QuantParams q) {
        if (q.isPerTensor()) {
            return "q(" + Attrs.formatFloat(q.scale()) + ", " + q.zeroPoint() + ")";
        }
        StringBuilder sb = new StringBuilder("q(axis=").append(q.axis()).append(", scales=[");
        float[] s = q.scales();
        for (int i = 0; i < s.length; i++) {
            sb.append(i > 0 ? "," : "").append(Attrs.formatFloat(s[i]));
        }
        sb.append("], zps=[");
        int[] z = q.zeroPoints();
        for (int i = 0; i < z.length; i++) {
            sb.append(i > 0 ? "," : "").append(z[i]);
        }
        return sb.append("])").toString();
    }

    private void constant(StringBuilder sb, Value c) {
        sb.append("const @").append(name(c.name())).append(": ");
        type(sb, c);
        TensorData d = c.data();
        if (options.maxInlineElements() < 0) {
            sb.append('\n');
            return;
        }
        sb.append(" = ");
        if (d.size() > options.maxInlineElements()) {
            sb.append("<elided>\n");
            return;
        }
        sb.append('[');
        for (int i = 0; i < d.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (d.dtype() == DType.F32) {
                sb.append(Attrs.formatFloat(d.floats()[i]));
            } else if (d.dtype() == DType.I64) {
                sb.append(d.longs()[i]);
            } else {
                sb.append((long) d.getDouble(i));
            }
        }
        sb.append("]\n");
    }

    /** A value or graph name as written after a sigil: bare if plain, quoted otherwise. */
    public static String name(String n) {
        return PLAIN.matcher(n).matches() ? n : quote(n);
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
