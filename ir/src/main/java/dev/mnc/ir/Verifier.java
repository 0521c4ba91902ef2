package dev.mnc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Checks a graph's invariants: every input of a node is defined before it (no cycles, no dangling
 * values), use lists are consistent, output types agree with type inference, constants hold data
 * of their declared type, quantization parameters fit their tensors, and graph outputs exist.
 * Run after every pass in tests and with {@code --verify-each}.
 */
public final class Verifier {
    private Verifier() {}

    /** Throws {@link MncException} listing every problem found (up to 20), or returns quietly. */
    public static void verify(Graph g) {
        List<String> problems = check(g);
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(20, problems.size())));
            throw new MncException("graph '" + g.name() + "' is invalid: " + shown
                    + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : ""));
        }
    }

    /** All problems found, empty when the graph is valid. */
    public static List<String> check(Graph g) {
        List<String> p = new ArrayList<>();
        List<Node> order;
        try {
            order = g.nodes();
        } catch (MncException e) {
            p.add(e.getMessage());
            return p;
        }
        Set<Value> defined = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Value v : g.inputs()) {
            if (v.producer() != null || v.isConstant()) {
                p.add("graph input " + v.name() + " has a producer or data");
            }
            defined.add(v);
        }
        for (Value v : g.values()) {
            if (v.isConstant()) {
                defined.add(v);
                TensorData d = v.data();
                if (d.dtype() != v.dtype() || !d.shape().equals(v.shape())) {
                    p.add("constant " + v.name() + " is declared " + v.type() + " but holds " + d.dtype() + d.shape());
                }
            }
            checkQuant(v, p);
        }
        for (Node n : order) {
            for (Value in : n.inputs()) {
                if (g.value(in.name()).orElse(null) != in) {
                    p.add(n.describe() + " reads " + in.name() + " which is not in the graph");
                } else if (!defined.contains(in)) {
                    p.add(n.describe() + " reads " + in.name() + " before it is defined");
                }
                if (!in.users.contains(n)) {
                    p.add(n.describe() + " is missing from the users of " + in.name());
                }
            }
            List<TensorType> expected;
            try {
                expected = g.inferNode(n);
            } catch (MncException e) {
                p.add(e.getMessage());
                continue;
            }
            if (expected.size() != n.outputs().size()) {
                p.add(n.describe() + " has " + n.outputs().size() + " outputs, its op defines " + expected.size());
                continue;
            }
            for (int i = 0; i < expected.size(); i++) {
                Value out = n.outputs().get(i);
                if (out.producer() != n) {
                    p.add(out.name() + " does not point back to its producer " + n.describe());
                }
                if (!out.type().equals(expected.get(i))) {
                    p.add(n.describe() + " output " + out.name() + " is typed " + out.type() + " but infers to "
                            + expected.get(i));
                }
                defined.add(out);
            }
        }
        for (Value v : g.values()) {
            for (Node u : v.users()) {
                if (!u.inputs().contains(v)) {
                    p.add(v.name() + " lists " + u.describe() + " as a user, which does not read it");
                }
            }
        }
        if (g.outputs().isEmpty()) {
            p.add("the graph has no outputs");
        }
        for (Value v : g.outputs()) {
            if (!defined.contains(v)) {
                p.add("graph output " + v.name() + " is never defined");
            }
        }
        return p;
    }

    private static void checkQuant(Value v, List<String> p) {
        QuantParams q = v.quant();
        if (q == null) {
            return;
        }
        if (v.dtype() == DType.F32) {
            p.add(v.name() + " is f32 but has quantization parameters");
        }
        if (!q.isPerTensor()) {
            if (q.axis() >= v.type().rank()) {
                p.add(v.name() + " is quantized along axis " + q.axis() + " but has rank " + v.type().rank());
            } else if (v.shape().dim(q.axis()).isStatic() && v.shape().size(q.axis()) != q.scales().length) {
                p.add(v.name() + " has " + q.scales().length + " scales for " + v.shape().size(q.axis())
                        + " slices along axis " + q.axis());
            }
        }
    }
}
