package dev.mnc.quantize;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Pad;
import dev.mnc.quantize.observe.Range;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes of a float graph run in int8, and the scale and zero point of every value that has
 * an int8 version: the int8 specification's constraints solved on the IR before any parameter is
 * chosen.
 *
 * <ul>
 *   <li>Roles come from {@link Int8Ops}; nodes the caller keeps in float, and ops int8 kernels do
 *       not run, are {@link Int8Ops.Kind#FLOAT}.</li>
 *   <li>A clip [lo, hi] with lo &lt;= 0 &lt;= hi right after an int8 conv, fully_connected or
 *       rescaling op that only it reads is folded into that producer: the producer writes the
 *       clip's output directly, with the clip's range, and int8 saturation at the ends of that
 *       range is the clamp (its fused activation becomes relu/relu6/relu_n1_to_1 when the bounds
 *       are those).</li>
 *   <li>Ops that must not change the scale tie their data inputs and output into one class
 *       (union-find); a class's range is the union of its members' calibrated ranges (and a
 *       pad's fill value), so one set of parameters fits them all. Concat inputs are unified
 *       this way.</li>
 *   <li>softmax and sigmoid outputs are fixed at scale 1/256, zero point -128 (their class too).</li>
 *   <li>Every other class gets {@link AffineQuantization#activation} of its range.</li>
 * </ul>
 * Graph inputs and outputs always get parameters, so that any model I/O type can be produced.
 */
final class QuantPlan {
    private final Graph graph;
    private final Map<Node, Int8Ops.Kind> kinds = new IdentityHashMap<>();
    private final Map<Node, Node> absorbedBy = new IdentityHashMap<>();
    private final Map<Node, Node> absorbs = new IdentityHashMap<>();
    private final Map<Value, QuantParams> params = new IdentityHashMap<>();

    /**
     * @param floatNodes nodes to keep in float whatever their op
     * @param ranges calibrated range of every f32 activation and graph input, by value name
     */
    QuantPlan(Graph graph, Set<Node> floatNodes, Map<String, Range> ranges) {
        this.graph = graph;
        for (Node n : graph.nodes()) {
            kinds.put(n, floatNodes.contains(n) ? Int8Ops.Kind.FLOAT : Int8Ops.kind(n));
        }
        for (Node n : graph.nodes()) {
            absorbClip(n);
        }
        solve(ranges);
    }

    private void absorbClip(Node c) {
        if (!(c.op() instanceof Clip clip) || !isInt8(c) || clip.min() > 0 || clip.max() < 0) {
            return;
        }
        Node p = c.input(0).producer();
        if (p == null || !isInt8(p) || absorbs.containsKey(p)) {
            return;
        }
        Int8Ops.Kind k = kinds.get(p);
        Value y = p.output();
        if ((k != Int8Ops.Kind.WEIGHTED && k != Int8Ops.Kind.RESCALE) || y.users().size() != 1
                || graph.isGraphOutput(y)) {
            return;
        }
        absorbedBy.put(c, p);
        absorbs.put(p, c);
    }

    /** The graph the plan is for. */
    Graph graph() {
        return graph;
    }

    Int8Ops.Kind kind(Node n) {
        return kinds.get(n);
    }

    /** True when {@code n} runs in int8 (a folded clip included: it runs inside its producer). */
    boolean isInt8(Node n) {
        return kinds.get(n) != Int8Ops.Kind.FLOAT;
    }

    /** The producer a clip was folded into, or null. */
    Node absorbedBy(Node clip) {
        return absorbedBy.get(clip);
    }

    /** The value an int8 node writes: its own output, or that of the clip folded into it. */
    Value int8Output(Node n) {
        Node c = absorbs.get(n);
        return c == null ? n.output() : c.output();
    }

    /** The fused activation of an int8 node that absorbed a clip: tightened to the clip's when one fits. */
    Activation activation(Node n) {
        Activation a = Int8Ops.activation(n.op());
        Node c = absorbs.get(n);
        if (c == null || a == null) {
            return a;
        }
        Clip clip = (Clip) c.op();
        float lo = Math.max(a.min(), clip.min());
        float hi = Math.min(a.max(), clip.max());
        Activation tight = Activation.forBounds(lo, hi);
        return tight != null ? tight : a;
    }

    /** Parameters of a float-graph value's int8 version, or null when it has none. */
    QuantParams params(Value v) {
        return params.get(v);
    }

    /** Every value with int8 parameters, in graph order. */
    List<Value> quantizedValues() {
        List<Value> out = new ArrayList<>();
        for (Value v : graph.inputs()) {
            if (params.containsKey(v)) {
                out.add(v);
            }
        }
        for (Node n : graph.nodes()) {
            for (Value v : n.outputs()) {
                if (params.containsKey(v)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private void solve(Map<String, Range> ranges) {
        Map<Value, Value> parent = new IdentityHashMap<>();
        List<Value> members = new ArrayList<>();
        for (Value v : graph.inputs()) {
            add(v, parent, members);
        }
        for (Value v : graph.outputs()) {
            add(v, parent, members);
        }
        for (Node n : graph.nodes()) {
            if (!isInt8(n) || absorbedBy.containsKey(n)) {
                continue;
            }
            int data = Int8Ops.dataInputs(n);
            for (int i = 0; i < data; i++) {
                add(n.input(i), parent, members);
            }
            Value out = int8Output(n);
            add(out, parent, members);
            if (kinds.get(n) == Int8Ops.Kind.SAME) {
                for (int i = 0; i < data; i++) {
                    if (!n.input(i).isConstant()) {
                        union(parent, n.input(i), out);
                    }
                }
            }
        }
        Map<Value, Range> classRange = new IdentityHashMap<>();
        Map<Value, Boolean> fixed = new IdentityHashMap<>();
        for (Value v : members) {
            Value root = find(parent, v);
            Range r = ranges.get(v.name());
            if (r == null) {
                throw new IllegalStateException("no calibrated range for " + v.name());
            }
            classRange.merge(root, r, Range::union);
            Node p = v.producer();
            if (p != null && isInt8(p) && kinds.get(p) == Int8Ops.Kind.FIXED) {
                fixed.put(root, true);
            }
            for (Node u : v.users()) {
                if (u.op() instanceof Pad pad && isInt8(u) && Float.isFinite(pad.value())) {
                    classRange.merge(root, new Range(pad.value(), pad.value()), Range::union);
                }
            }
        }
        Map<Value, QuantParams> byRoot = new LinkedHashMap<>();
        for (Value v : members) {
            Value root = find(parent, v);
            QuantParams q = byRoot.computeIfAbsent(root, r -> fixed.containsKey(r) ? AffineQuantization.UNIT_INTERVAL
                    : AffineQuantization.activation(classRange.get(r)));
            params.put(v, q);
        }
    }

    private static void add(Value v, Map<Value, Value> parent, List<Value> members) {
        if (v.isConstant() || v.dtype() != DType.F32 || parent.containsKey(v)) {
            return;
        }
        parent.put(v, v);
        members.add(v);
    }

    private static Value find(Map<Value, Value> parent, Value v) {
        Value r = v;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        while (parent.get(v) != r) {
            Value next = parent.get(v);
            parent.put(v, r);
            v = next;
        }
        return r;
    }

    private static void union(Map<Value, Value> parent, Value a, Value b) {
        Value ra = find(parent, a);
        Value rb = find(parent, b);
        if (ra != rb) {
            parent.put(rb, ra);
        }
    }
}
