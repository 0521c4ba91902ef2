package dev.mnc.frontend.onnx;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.onnx.proto.Onnx.GraphProto;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Imports one parsed model: checks opsets and graph structure, decodes the initializers the graph
 * uses, binds the inputs, converts the live nodes in topological order and sets the outputs. An
 * initializer that is also listed as a graph input (IR versions before 4 required that) is a
 * constant, not an input.
 */
final class GraphImporter {
    private final ModelProto model;
    private final Path baseDir;
    private final ImportOptions options;
    /** Static input dims the bindings changed, quoted in node errors since they are a likely cause. */
    private List<String> changes = List.of();

    GraphImporter(ModelProto model, Path baseDir, ImportOptions options) {
        this.model = model;
        this.baseDir = baseDir;
        this.options = options;
    }

    Graph run(String displayName) {
        Opsets opsets = new Opsets(model);
        if (!model.hasGraph()) {
            throw new MncException("has no graph");
        }
        GraphProto gp = model.getGraph();
        int[] opsetOf = new int[gp.getNodeCount()];
        for (int i = 0; i < opsetOf.length; i++) {
            opsetOf[i] = opsets.versionOf(gp.getNode(i));
        }
        GraphTopology topology = new GraphTopology(gp, opsetOf);

        String name = gp.getName().isEmpty() ? stem(displayName) : gp.getName();
        Graph g = new Graph(name);
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).strip();
        g.metadata().put("onnx.producer", producer);
        g.metadata().put("onnx.opset", Integer.toString(opsets.defaultVersion()));
        g.metadata().put("onnx.ir_version", Long.toString(model.getIrVersion()));

        ImportContext ctx = new ImportContext(g, topology, new TensorReader(new ExternalData(baseDir)));
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : gp.getInitializerList()) {
            initializers.add(t.getName());
            if (topology.isUsed(t.getName())) {
                try {
                    ctx.defineConstant(t.getName(), ctx.readTensor(t));
                } catch (MncException e) {
                    throw e.within("initializer '" + t.getName() + "'");
                }
            }
        }
        bindInputs(gp, initializers, topology, ctx);

        for (int i : topology.liveNodes()) {
            NodeProto p = gp.getNode(i);
            opsets.requireDefaultDomain(p, i);
            OnnxNode node = new OnnxNode(p, i, opsetOf[i]);
            convert(node, ctx);
        }
        List<Value> outs = new ArrayList<>();
        for (ValueInfoProto v : gp.getOutputList()) {
            outs.add(ctx.value(v.getName()));
        }
        g.setOutputs(outs);
        return g;
    }


    private void bindInputs(GraphProto gp, Set<String> initializers, GraphTopology topology, ImportContext ctx) {
        InputBinder binder = new InputBinder(topology, options);
        List<ValueInfoProto> inputs = gp.getInputList().stream()
                .filter(v -> !initializers.contains(v.getName())).toList();
        List<String> inputNames = inputs.stream().map(ValueInfoProto::getName).toList();
        for (String bound : options.inputShapes().keySet()) {
            if (!inputNames.contains(bound)) {
                throw new MncException("--input-shape names '" + bound + "', which is not a graph input; inputs are "
                        + inputNames);
            }
        }
        for (ValueInfoProto v : inputs) {
            TensorType t = binder.bind(v);
            ctx.define(v.getName(), Operand.runtime(ctx.graph().addInput(v.getName(), t)));
        }
        changes = binder.changes();
    }

    private void convert(OnnxNode node, ImportContext ctx) {
        try {
            OpConverter c = OpRegistry.find(node.opType());
            if (c == null) {
                throw new MncException("op " + node.opType() + " is not supported; mnc imports "
                        + String.join(", ", OpRegistry.supported()));
            }
            c.convert(node, ctx);
            node.attrs().requireAllRead();
            for (int k = 0; k < node.numOutputs(); k++) {
                String out = node.optionalOutput(k);
                if (out != null && ctx.isUsed(out) && !ctx.isDefined(out)) {
                    throw new MncException("output " + k + " ('" + out + "') is used, but mnc imports only the first");
                }
            }
        } catch (MncException e) {
            String hint = changes.isEmpty() ? "" : " (input shapes changed by --input-shape: "
                    + String.join("; ", changes) + ")";
            throw new MncException(node.describe() + ": " + e.getMessage() + hint, e);
        }
    }

    private static String stem(String displayName) {
        String s = displayName;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1);
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
