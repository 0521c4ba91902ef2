package dev.mnc.backend.onnx;

import com.google.protobuf.ByteString;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.onnx.proto.Onnx.AttributeProto;
import dev.mnc.onnx.proto.Onnx.AttributeProto.AttributeType;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ONNX graph being written: its nodes and initializers in order, and the names in use. Tensor
 * names the writer invents (a Clip's bounds, a Reshape's shape, the value before a fused
 * activation) are made from the IR value they serve plus a suffix, and never collide with an IR
 * value name, so every IR name reaches the file unchanged. Node names are the IR nodes' origins
 * (the source model's node names), made unique where a fusion or a split repeats one.
 */
final class ProtoGraph {
    private final Set<String> tensorNames = new HashSet<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();

    /** @param reserved the IR's value names, which keep their meaning in the file */
    ProtoGraph(Collection<String> reserved) {
        tensorNames.addAll(reserved);
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    List<TensorProto> initializers() {
        return initializers;
    }

    /** A tensor name not used yet: {@code base}, else {@code base_1}, {@code base_2}, ... */
    String freshTensor(String base) {
        String name = base;
        for (int i = 1; !tensorNames.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Adds a node; its name is made unique from {@code name}. */
    void node(String opType, String name, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        String unique = name;
        for (int i = 1; !nodeNames.add(unique); i++) {
            unique = name + "_" + i;
        }
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(unique)
                .addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        nodes.add(n.build());
    }

    /** Adds an initializer under an existing (IR) name. */
    void initializer(String name, TensorData data) {
        initializers.add(OnnxTensors.tensor(name, data));
    }

    /** A new f32 scalar initializer named after {@code base}; returns its name. */
    String scalar(String base, float v) {
        String name = freshTensor(base);
        initializer(name, TensorData.scalar(v));
        return name;
    }

    /** A new f32 vector initializer named after {@code base}; returns its name. */
    String floats(String base, float... v) {
        String name = freshTensor(base);
        initializer(name, TensorData.ofFloats(Shape.of(v.length), v));
        return name;
    }

    /** A new i64 vector initializer named after {@code base}; returns its name. */
    String int64s(String base, long... v) {
        String name = freshTensor(base);
        initializer(name, TensorData.vector(v));
        return name;
    }

    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto ints(String name, int... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (int x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
