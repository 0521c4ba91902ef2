package dev.mnc.backend.onnx;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Dequantize;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Quantize;
import dev.mnc.ir.ops.Resize;
import dev.mnc.onnx.proto.Onnx.GraphProto;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.mnc.onnx.proto.Onnx.StringStringEntryProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an NCHW IR graph as an ONNX model: the ONNX backend's one entry point. It takes the graph
 * the ONNX frontend produces, possibly after passes that keep the layout (fold-batchnorm,
 * fuse-activation, pruning), so a user can open, check or fine-tune the result in their own
 * framework.
 *
 * <pre>
 * byte[] onnx = OnnxWriter.write(prunedGraph);
 * </pre>
 *
 * <p>Value names are the IR's (the source model's), constants become initializers, graph inputs
 * and outputs keep their names, order and static shapes, nodes take their origin's name, and
 * graph metadata becomes {@code metadata_props}. The opset is 13, or 14 when a {@code hard_swish}
 * needs it (see {@link OnnxWriterOptions}); {@link NodeWriter} documents each op's mapping.
 *
 * <p>Refused, with an {@link MncException} naming the node: NHWC ops (write before
 * {@code layout-nhwc}), quantized values and quantize/dequantize (the writer writes float models),
 * a resize whose size and scale no ONNX Resize reproduces, and a graph listing one output twice.
 */
public final class OnnxWriter {
    /** ONNX IR version 7 came with opsets 13 and 14; every ONNX Runtime since 1.8 reads it. */
    static final long IR_VERSION = 7;

    private OnnxWriter() {}

    /** The bytes of a {@code .onnx} file for {@code graph}, with {@link OnnxWriterOptions#defaults()}. */
    public static byte[] write(Graph graph) {
        return toModel(graph, OnnxWriterOptions.defaults()).toByteArray();
    }

    /** The bytes of a {@code .onnx} file for {@code graph}. */
    public static byte[] write(Graph graph, OnnxWriterOptions options) {
        return toModel(graph, options).toByteArray();
    }

    /** The model as a protobuf message. */
    public static ModelProto toModel(Graph graph, OnnxWriterOptions options) {
        Verifier.verify(graph);
        boolean hardSwish = false;
        for (Node n : graph.nodes()) {
            checkWritable(n);
            hardSwish |= n.op() instanceof HardSwish;
        }
        int opset = hardSwish && options.maxOpset() >= 14 ? 14 : 13;

        List<String> names = new ArrayList<>();
        for (Value v : graph.values()) {
            names.add(v.name());
        }
        ProtoGraph pg = new ProtoGraph(names);
        Set<String> outputNames = new HashSet<>();
        for (Value v : graph.outputs()) {
            if (!outputNames.add(v.name())) {
                throw new MncException("graph '" + graph.name() + "' lists output " + v.name()
                        + " twice; ONNX needs distinct outputs");
            }
        }
        for (Value c : graph.constants()) {
            if (graph.isGraphOutput(c)) {
                // An ONNX initializer is not a node output; an Identity gives the output its name.
                String stored = pg.freshTensor(c.name() + "/value");
                pg.initializer(stored, c.data());
                pg.node("Identity", c.name(), List.of(stored), List.of(c.name()));
            } else if (!c.users().isEmpty()) {
                pg.initializer(c.name(), c.data());
            }
        }
        NodeWriter writer = new NodeWriter(pg, opset >= 14);
        for (Node n : graph.nodes()) {
            try {
                writer.write(n);
            } catch (MncException e) {
                throw e.within(n.describe());
            }
        }

        GraphProto.Builder gp = GraphProto.newBuilder().setName(graph.name())
                .addAllNode(pg.nodes()).addAllInitializer(pg.initializers());
        for (Value v : graph.inputs()) {
            gp.addInput(OnnxTensors.valueInfo(v.name(), v.type()));
        }
        for (Value v : graph.outputs()) {
            gp.addOutput(OnnxTensors.valueInfo(v.name(), v.type()));
        }
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(options.producerName())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(gp);
        for (Map.Entry<String, String> e : graph.metadata().entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.build();
    }

    /** Refuses what no float ONNX op expresses: NHWC layouts and quantization. */
    private static void checkWritable(Node n) {
        Op op = n.op();
        if (op instanceof Quantize || op instanceof Dequantize) {
            throw new MncException(n.describe() + ": the ONNX writer writes float models; write the model before"
                    + " int8 quantization");
        }
        Layout layout = op.layout();
        if (layout == Layout.NHWC) {
            throw new MncException(n.describe() + ": the op is NHWC; the ONNX writer takes NCHW graphs, so write the"
                    + " model before layout-nhwc");
        }
        List<Value> touched = new ArrayList<>(n.inputs());
        touched.addAll(n.outputs());
        for (Value v : touched) {
            if (v.quant() != null) {
                throw new MncException(n.describe() + ": %" + v.name() + " is quantized; the ONNX writer writes float"
                        + " models, so write the model before int8 quantization");
            }
        }
    }
}
