package dev.mnc.frontend.onnx;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Op;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one import: the IR graph being built and what each ONNX tensor name stands for.
 *
 * <p>Constants stay out of the graph until an IR node reads them ({@link #value}), so that shape
 * arithmetic folded at import leaves nothing behind. IR values carry their ONNX names; the names
 * the importer invents for intermediate values ({@link #freshName}) avoid every name the model
 * defines, so no ONNX value is ever renamed.
 */
final class ImportContext {
    private final Graph graph;
    private final GraphTopology topology;
    private final TensorReader tensors;
    private final Map<String, Operand> env = new HashMap<>();

    ImportContext(Graph graph, GraphTopology topology, TensorReader tensors) {
        this.graph = graph;
        this.topology = topology;
        this.tensors = tensors;
    }

    /** Decodes a tensor the model holds (initializer or attribute). */
    TensorData readTensor(TensorProto t) {
        return tensors.read(t);
    }

    Graph graph() {
        return graph;
    }

    /** What {@code name} stands for; it was defined earlier (the topology guarantees it). */
    Operand operand(String name) {
        Operand o = env.get(name);
        if (o == null) {
            throw new IllegalStateException("'" + name + "' read before it was defined");
        }
        return o;
    }

    boolean isDefined(String name) {
        return env.containsKey(name);
    }

    /** The constant data behind {@code name}, or an error saying what needed to be constant. */
    TensorData constant(String name, String what) {
        Operand o = operand(name);
        if (!o.isConstant()) {
            throw new MncException(what + " ('" + name + "') must be a constant, but it is computed at run time");
        }
        return o.data();
    }

    /** The IR value for {@code name}, adding constants to the graph on first use. */
    Value value(String name) {
        Operand o = operand(name);
        if (o.value() != null) {
            return o.value();
        }
        Value v = graph.addConstant(name, o.data());
        env.put(name, Operand.runtime(v));
        return v;
    }

    /** An IR constant for data the importer made (a transposed weight, a scalar); named after {@code base}. */
    Value newConstant(String base, TensorData data) {
        return graph.addConstant(freshName(base), data);
    }

    void define(String name, Operand o) {
        if (env.put(name, o) != null) {
            throw new IllegalStateException("'" + name + "' defined twice");
        }
    }

    void defineConstant(String name, TensorData data) {
        define(name, Operand.constant(data));
    }

    /** True when a live node or a graph output reads {@code name}. */
    boolean isUsed(String name) {
        return topology.isUsed(name);
    }

    /**
     * Adds an IR node for ONNX node {@code n} whose single output is ONNX value {@code onnxName},
     * and defines that name.
     */
    Value emit(OnnxNode n, Op op, List<Value> inputs, String onnxName) {
        Value v = add(n, op, inputs, onnxName);
        define(onnxName, Operand.runtime(v));
        return v;
    }

    /** Adds an IR node whose output is an intermediate value the importer names after {@code base}. */
    Value emitTemp(OnnxNode n, Op op, List<Value> inputs, String base) {
        return add(n, op, inputs, freshName(base));
    }

    private Value add(OnnxNode n, Op op, List<Value> inputs, String name) {
        List<TensorType> types = inputs.stream().map(Value::type).toList();
        List<TensorType> out = op.inferTypes(types);
        for (TensorType t : out) {
            t.shape().numElements();
        }
        return graph.addNode(op, inputs, List.of(name), n.origin()).output();
    }

    /** A value name not used in the graph and not defined anywhere in the ONNX model. */
    String freshName(String base) {
        Set<String> reserved = topology.names();
        String candidate = base;
        for (int i = 1; reserved.contains(candidate) || graph.value(candidate).isPresent(); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }
}
