package dev.mnc.passes;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.passes.pattern.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small graph edits and constant checks the built-in passes share. */
final class GraphEdits {
    /** Relative tolerance for "this float constant is 3" (float rounding of 1/6 and the like). */
    static final double TOLERANCE = 1e-5;

    private GraphEdits() {}

    /** True when exactly one node slot reads {@code v} and the graph does not return it. */
    static boolean singleUse(Graph g, Value v) {
        return v.users().size() == 1 && !g.isGraphOutput(v);
    }

    /** {@code "%c has 2 users"} or {@code "%c is a graph output"}, for skip reasons. */
    static String useReason(Graph g, Value v) {
        return g.isGraphOutput(v) ? "%" + v.name() + " is a graph output"
                : "%" + v.name() + " has " + v.users().size() + " users";
    }

    /**
     * Makes every reader of {@code n}'s output read {@code replacement}, then removes {@code n}
     * and whatever fed only it (nodes left without readers, constants left unused). A new
     * replacement value takes over the old value's name, so the user's names survive fusions.
     */
    static void replace(Graph g, Node n, Value replacement) {
        Value old = n.output();
        String name = old.name();
        boolean fresh = replacement.producer() != null && replacement.name().startsWith(name + "#");
        g.replaceAllUses(old, replacement);
        removeWithDeadInputs(g, n);
        if (fresh && g.value(name).isEmpty()) {
            g.rename(replacement, name);
        }
    }

    /** A name for a value that will replace {@code old} (see {@link #replace}). */
    static String replacementName(Value old) {
        return old.name() + "#new";
    }

    /** Removes {@code n} (its outputs must be unread) and, transitively, inputs nothing else reads. */
    static void removeWithDeadInputs(Graph g, Node n) {
        List<Node> work = new ArrayList<>();
        work.add(n);
        while (!work.isEmpty()) {
            Node cur = work.remove(work.size() - 1);
            if (!g.contains(cur)) {
                continue;
            }
            boolean unused = true;
            for (Value out : cur.outputs()) {
                unused &= out.users().isEmpty() && !g.isGraphOutput(out);
            }
            if (!unused) {
                continue;
            }
            List<Value> ins = new ArrayList<>(cur.inputs());
            g.removeNode(cur);
            for (Value in : ins) {
                if (in.isConstant()) {
                    g.removeIfUnused(in);
                } else if (in.producer() != null) {
                    work.add(in.producer());
                }
            }
        }
    }

    /** Drops the given constants where nothing reads them any more. */
    static void dropUnused(Graph g, Value... constants) {
        for (Value c : constants) {
            if (c != null && c.isConstant() && g.value(c.name()).orElse(null) == c) {
                g.removeIfUnused(c);
            }
        }
    }

    /** The single value of a one-element f32 constant (any rank: [], [1], [1,1,1]). */
    static Optional<Double> scalar(Value v) {
        if (!v.isConstant() || v.dtype() != DType.F32 || v.data().size() != 1) {
            return Optional.empty();
        }
        return Optional.of(v.data().getDouble(0));
    }

    /** Why the constants a pattern bound under {@code names} are not single f32 values, if one is not. */
    static Optional<String> scalarsReason(Match m, String... names) {
        for (String name : names) {
            Value c = m.value(name);
            if (scalar(c).isEmpty()) {
                return Optional.of("constant @" + c.name() + " " + c.type() + " is not a single f32 value");
            }
        }
        return Optional.empty();
    }

    /** True when {@code actual} equals {@code expected} within float rounding. */
    static boolean near(double actual, double expected) {
        return Math.abs(actual - expected) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
    }

    /** A float constant from doubles, or empty when a value does not fit a finite float. */
    static Optional<TensorData> finiteFloats(Shape shape, double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
            if (!Float.isFinite(f[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(TensorData.ofFloats(shape, f));
    }

    /** Index of the first value that is not a finite float, or -1. */
    static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite((float) values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** A text for a float that reads well in messages. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString((float) v);
    }
}
