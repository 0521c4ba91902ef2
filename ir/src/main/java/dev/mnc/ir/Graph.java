package dev.mnc.ir;

import dev.mnc.ir.ops.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A dataflow graph: inputs, constants, nodes and outputs over SSA {@link Value}s.
 *
 * <p>Nodes are kept in a canonical topological order ({@link #nodes()}): a depth-first walk from
 * the outputs that visits each node's inputs in order, then any node no output depends on. The
 * order depends only on the graph's structure, never on the order in which a pass created nodes,
 * so two structurally equal graphs print identically.
 *
 * <p>Output values keep their names through rewrites: when {@link #replaceAllUses} redirects a
 * graph output to a new value, the new value takes over the output's name.
 */
public final class Graph {
    private String name;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Set<Node> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long nextSeq;
    private List<Node> order;

    public Graph(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** Free-form facts carried from the source model or set by passes (producer, opset, preprocessing). */
    public Map<String, String> metadata() {
        return metadata;
    }

    // ---- values ---------------------------------------------------------------------------------

    /** Adds a graph input; the name must be unused. */
    public Value addInput(String name, TensorType type) {
        Value v = newValue(requireFree(name), type);
        inputs.add(v);
        return v;
    }

    /** Adds a constant, uniquifying the name if it is taken. */
    public Value addConstant(String name, TensorData data) {
        Value v = newValue(uniqueName(name), data.type());
        v.setData(data);
        return v;
    }

    /** Replaces a constant's data in place (the shape may change, e.g. when pruning channels). */
    public void setConstantData(Value constant, TensorData data) {
        if (!constant.isConstant()) {
            throw new IllegalArgumentException(constant.name() + " is not a constant");
        }
        constant.setData(data);
        constant.setType(TensorType.of(data.dtype(), data.shape()));
        changed();
    }

    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<Value> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    public void setOutputs(List<Value> outs) {
        for (Value v : outs) {
            requireOwned(v);
        }
        outputs.clear();
        outputs.addAll(outs);
        changed();
    }

    public void addOutput(Value v) {
        requireOwned(v);
        outputs.add(v);
        changed();
    }

    /** Replaces graph input {@code i} by a value of a new type (e.g. when binding a dynamic dim or changing layout). */
    public void setInputType(Value input, TensorType type) {
        if (!inputs.contains(input)) {
            throw new IllegalArgumentException(input.name() + " is not a graph input");
        }
        input.setType(type);
    }

    public boolean isGraphOutput(Value v) {
        return outputs.contains(v);
    }

    public boolean isGraphInput(Value v) {
        return inputs.contains(v);
    }

    /** The value called {@code name}, if any. */
    public Optional<Value> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** All constants in first-use order (unused ones last). */
    public List<Value> constants() {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Value> out = new ArrayList<>();
        for (Node n : nodes()) {
            for (Value v : n.inputs) {
                if (v.isConstant() && seen.add(v)) {
                    out.add(v);
                }
            }
        }
        for (Value v : outputs) {
            if (v.isConstant() && seen.add(v)) {
                out.add(v);
            }
        }
        values.values().stream()
                .filter(v -> v.isConstant() && !seen.contains(v))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(out::add);
        return out;
    }

    /** A name not yet used in this graph: {@code base}, else {@code base_1}, {@code base_2}, ... */
    public String uniqueName(String base) {
        if (base == null || base.isEmpty()) {
            base = "v";
        }
        if (!values.containsKey(base)) {
            return base;
        }
        for (int i = 1; ; i++) {
            String candidate = base + "_" + i;
            if (!values.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    /** Renames a value; the new name must be free. */
    public void rename(Value v, String newName) {
        requireOwned(v);
        if (v.name().equals(newName)) {
            return;
        }
        requireFree(newName);
        values.remove(v.name());
        v.rename(newName);
        values.put(newName, v);
    }

    private String requireFree(String name) {
        if (values.containsKey(name)) {
            throw new MncException("the name '" + name + "' is defined twice");
        }
        return name;
    }

    private Value newValue(String name, TensorType type) {
        Value v = new Value(name, type);
        values.put(name, v);
        return v;
    }

    private void requireOwned(Value v) {
        if (values.get(v.name()) != v) {
            throw new IllegalArgumentException("value " + v.name() + " does not belong to graph " + name);
        }
    }

    // ---- nodes ----------------------------------------------------------------------------------

    /**
     * Adds a node, inferring its output types.
     *
     * @param outputNames names for the outputs (uniquified); null to derive them from the origin or op
     * @param origin source-model node names, may be empty
     */
    public Node addNode(Op op, List<Value> ins, List<String> outputNames, List<String> origin) {
        Node n = new Node(op, nextSeq++);
        n.graph = this;
        n.addOrigin(origin);
        for (Value v : ins) {
            requireOwned(v);
            n.inputs.add(v);
        }
        List<TensorType> types = inferNode(n);
        for (int i = 0; i < types.size(); i++) {
            String base = outputNames != null && i < outputNames.size() ? outputNames.get(i)
                    : (origin.isEmpty() ? op.name() : origin.get(origin.size() - 1)) + (types.size() > 1 ? ":" + i : "");
            Value out = newValue(uniqueName(base), types.get(i));
            out.producer = n;
            n.outputs.add(out);
        }
        for (Value v : ins) {
            v.users.add(n);
        }
        nodes.add(n);
        changed();
        return n;
    }

    /** Adds a single-output node with the given origin and returns its output. */
    public Value add(Op op, List<Value> ins, List<String> origin) {
        return addNode(op, ins, null, origin).output();
    }

    /** Adds a single-output node named after the op and returns its output. */
    public Value add(Op op, Value... ins) {
        return addNode(op, List.of(ins), null, List.of()).output();
    }

    /** Output types of {@code n} from its op and current input types; errors name the node. */
    List<TensorType> inferNode(Node n) {
        List<TensorType> in = new ArrayList<>(n.inputs.size());
        for (Value v : n.inputs) {
            in.add(v.type());
        }
        try {
            return n.op().inferTypes(in);
        } catch (MncException e) {
            throw e.within(n.describe());
        }
    }

    /** Re-infers every node's output types in order (after a pass changed layouts or shapes). */
    public void inferTypes() {
        for (Node n : nodes()) {
            List<TensorType> types = inferNode(n);
            for (int i = 0; i < types.size(); i++) {
                n.outputs.get(i).setType(types.get(i));
            }
        }
    }

    /** Makes every reader of {@code old} (nodes and graph outputs) read {@code replacement} instead. */
    public void replaceAllUses(Value old, Value replacement) {
        requireOwned(old);
        requireOwned(replacement);
        if (old == replacement) {
            return;
        }
        for (Node user : new ArrayList<>(old.users)) {
            for (int i = 0; i < user.inputs.size(); i++) {
                if (user.inputs.get(i) == old) {
                    user.inputs.set(i, replacement);
                    old.users.remove(user);
                    replacement.users.add(user);
                }
            }
        }
        boolean wasOutput = false;
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) == old) {
                outputs.set(i, replacement);
                wasOutput = true;
            }
        }
        if (wasOutput && !replacement.isConstant() && !inputs.contains(replacement)
                && Collections.frequency(outputs, replacement) == 1) {
            // The graph output keeps its user-visible name.
            String keep = old.name();
            String spare = uniqueName(keep + "_replaced");
            rename(old, spare);
            rename(replacement, keep);
        }
        changed();
    }

    /** Removes a node whose outputs nothing reads any more. */
    public void removeNode(Node n) {
        for (Value out : n.outputs) {
            if (!out.users.isEmpty() || outputs.contains(out)) {
                throw new IllegalStateException("cannot remove " + n.describe() + ": " + out.name() + " is still used");
            }
        }
        for (Value in : n.inputs) {
            in.users.remove(n);
        }
        for (Value out : n.outputs) {
            values.remove(out.name());
        }
        nodes.remove(n);
        n.graph = null;
        changed();
    }

    /** Removes nodes and constants that no graph output depends on; returns how many nodes went. */
    public int removeDeadCode() {
        int removed = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Node n : new ArrayList<>(nodes)) {
                boolean dead = true;
                for (Value out : n.outputs) {
                    if (!out.users.isEmpty() || outputs.contains(out)) {
                        dead = false;
                        break;
                    }
                }
                if (dead) {
                    removeNode(n);
                    removed++;
                    progress = true;
                }
            }
        }
        values.values().removeIf(v -> v.isConstant() && v.users.isEmpty() && !outputs.contains(v));
        return removed;
    }

    /**
     * Removes a constant that no node reads and no output returns (a pass that replaced a weight
     * drops the old one this way); returns false, changing nothing, while it is still used.
     */
    public boolean removeIfUnused(Value constant) {
        requireOwned(constant);
        if (!constant.isConstant()) {
            throw new IllegalArgumentException(constant.name() + " is not a constant");
        }
        if (!constant.users.isEmpty() || outputs.contains(constant)) {
            return false;
        }
        values.remove(constant.name());
        changed();
        return true;
    }

    /** True while {@code n} is part of this graph (false once removed), for passes that hold node lists. */
    public boolean contains(Node n) {
        return nodes.contains(n);
    }

    /** Nodes in canonical topological order (see class comment). The list is a snapshot. */
    public List<Node> nodes() {
        if (order == null) {
            order = sort();
        }
        return new ArrayList<>(order);
    }

    public int numNodes() {
        return nodes.size();
    }

    void changed() {
        order = null;
    }

    private List<Node> sort() {
        List<Node> out = new ArrayList<>(nodes.size());
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> onStack = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Value v : outputs) {
            visit(v.producer, out, done, onStack);
        }
        List<Node> rest = new ArrayList<>(nodes);
        rest.removeIf(done::contains);
        rest.sort((a, b) -> Long.compare(a.seq, b.seq));
        for (Node n : rest) {
            visit(n, out, done, onStack);
        }
        return out;
    }

    /** Iterative post-order DFS (MobileNets are hundreds of nodes deep; no recursion). */
    private void visit(Node root, List<Node> out, Set<Node> done, Set<Node> onStack) {
        if (root == null || done.contains(root)) {
            return;
        }
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        onStack.add(root);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            int i = next.pop();
            if (i < n.inputs.size()) {
                next.push(i + 1);
                Node p = n.inputs.get(i).producer;
                if (p != null && !done.contains(p)) {
                    if (onStack.contains(p)) {
                        throw new MncException("the graph has a cycle through " + p.describe());
                    }
                    stack.push(p);
                    next.push(0);
                    onStack.add(p);
                }
            } else {
                stack.pop();
                onStack.remove(n);
                done.add(n);
                out.add(n);
            }
        }
    }

    // ---- copying --------------------------------------------------------------------------------

    /** A deep copy with the same names; constant data is shared (it is immutable). */
    public Graph copy() {
        Graph g = new Graph(name);
        g.metadata.putAll(metadata);
        Map<Value, Value> map = new IdentityHashMap<>();
        for (Value v : inputs) {
            Value c = g.addInput(v.name(), v.type());
            c.setQuant(v.quant());
            map.put(v, c);
        }
        for (Value v : values.values()) {
            if (v.isConstant()) {
                Value c = g.newValue(v.name(), v.type());
                c.setData(v.data());
                c.setQuant(v.quant());
                map.put(v, c);
            }
        }
        for (Node n : nodes()) {
            List<Value> ins = new ArrayList<>();
            for (Value v : n.inputs) {
                ins.add(map.get(v));
            }
            Node c = new Node(n.op(), g.nextSeq++);
            c.graph = g;
            c.addOrigin(n.origin());
            for (Value v : ins) {
                c.inputs.add(v);
                v.users.add(c);
            }
            for (Value out : n.outputs) {
                Value co = g.newValue(out.name(), out.type());
                co.setQuant(out.quant());
                co.producer = c;
                c.outputs.add(co);
                map.put(out, co);
            }
            g.nodes.add(c);
        }
        for (Value v : outputs) {
            g.outputs.add(map.get(v));
        }
        return g;
    }

    /** All values (inputs, constants, node outputs), in no particular order. */
    public List<Value> values() {
        return new ArrayList<>(values.values());
    }

    /** Nodes that read {@code v}, each once. */
    public static List<Node> distinctUsers(Value v) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(v.users));
    }
}
