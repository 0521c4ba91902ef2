package dev.mnc.ir;

import dev.mnc.ir.ops.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One operation in a graph: an {@link Op} with its attributes, applied to input values, defining
 * output values. {@link #origin()} lists the source-model nodes it came from (several after a
 * fusion), so that errors and per-layer reports use the user's names.
 */
public final class Node {
    private Op op;
    final List<Value> inputs = new ArrayList<>();
    final List<Value> outputs = new ArrayList<>();
    private final List<String> origin = new ArrayList<>();
    Graph graph;
    final long seq;

    Node(Op op, long seq) {
        this.op = op;
        this.seq = seq;
    }

    public Op op() {
        return op;
    }

    /**
     * Replaces the op (e.g. with a fused activation) and re-infers output types, which must keep
     * their shapes unless the caller re-infers the whole graph afterwards.
     */
    public void setOp(Op newOp) {
        this.op = newOp;
        List<TensorType> types = graph.inferNode(this);
        for (int i = 0; i < outputs.size(); i++) {
            outputs.get(i).setType(types.get(i));
        }
    }

    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public Value input(int i) {
        return inputs.get(i);
    }

    public int numInputs() {
        return inputs.size();
    }

    public List<Value> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** The single output; throws for multi-output nodes. */
    public Value output() {
        if (outputs.size() != 1) {
            throw new IllegalStateException(describe() + " has " + outputs.size() + " outputs");
        }
        return outputs.get(0);
    }

    /** Replaces input slot {@code i}. */
    public void setInput(int i, Value v) {
        Value old = inputs.get(i);
        old.users.remove(this);
        inputs.set(i, v);
        v.users.add(this);
        graph.changed();
    }

    /** Replaces all inputs. */
    public void setInputs(List<Value> newInputs) {
        for (Value v : inputs) {
            v.users.remove(this);
        }
        inputs.clear();
        for (Value v : newInputs) {
            inputs.add(v);
            v.users.add(this);
        }
        graph.changed();
    }

    /** Source-model node names this node came from, in order. */
    public List<String> origin() {
        return Collections.unmodifiableList(origin);
    }

    public void addOrigin(List<String> names) {
        for (String n : names) {
            if (!origin.contains(n)) {
                origin.add(n);
            }
        }
    }

    /** A name for messages: the first origin name, or the first output's name. */
    public String displayName() {
        if (!origin.isEmpty()) {
            return origin.get(0);
        }
        return outputs.isEmpty() ? op.name() : outputs.get(0).name();
    }

    /** {@code node 'Conv_3' (conv2d)} for messages. */
    public String describe() {
        return "node '" + displayName() + "' (" + op.name() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
