package dev.mnc.backend.tflite;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.Dequantize;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.LeakyRelu;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Mean;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Pad;
import dev.mnc.ir.ops.Quantize;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Resize;
import dev.mnc.ir.ops.Sigmoid;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.ir.ops.Transpose;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Writes an IR graph as a TFLite flatbuffer (schema version 3, one subgraph). The graph must be in
 * NHWC: spatial ops with {@code Layout.NHWC}, weights in the layouts the IR ops document for it.
 *
 * <p>Each node is lowered in the graph's topological order to one or more TFLite operators (see
 * the lowering classes of this package for each op's mapping and its math). Tensors take the IR
 * value names, which are the source model's names; tensors the lowering adds are named after the
 * value they serve ({@code conv1/pad}, {@code conv1/bias}). Graph inputs and outputs keep their
 * order; one signature ({@link TfliteOptions#signatureKey()}) names them by their IR names. A graph
 * output may be a graph input or a constant. Quantized values carry their {@link
 * dev.mnc.ir.QuantParams} (per-tensor, or per-axis with the quantized dimension), so int8 graphs
 * use the same lowering.
 *
 * <p>Anything TFLite cannot express is an {@link MncException} naming the node, the reason and
 * the fix; the writer never emits a model that computes something else.
 */
public final class TfliteWriter {
    /** Flatbuffer offsets are 32-bit: constants beyond this leave no room for the rest of the model. */
    private static final long MAX_CONSTANT_BYTES = (1L << 31) - (64L << 20);

    private TfliteWriter() {}

    /** Writes {@code graph} with {@link TfliteOptions#defaults()}. */
    public static byte[] write(Graph graph) {
        return write(graph, TfliteOptions.defaults());
    }

    /**
     * Writes {@code graph} as the bytes of a {@code .tflite} file.
     *
     * @throws MncException if the graph is invalid or uses an op, attribute or shape TFLite cannot express
     */
    public static byte[] write(Graph graph, TfliteOptions options) {
        Verifier.verify(graph);
        long constantBytes = 0;
        for (Value c : graph.constants()) {
            constantBytes += c.data().byteSize();
        }
        if (constantBytes > MAX_CONSTANT_BYTES) {
            throw new MncException("graph '" + graph.name() + "' holds " + constantBytes
                    + " bytes of constants; a TFLite flatbuffer holds less than 2 GB");
        }
        ModelBuilder model = new ModelBuilder(constantBytes);
        Lowering l = new Lowering(model);
        List<ModelBuilder.SignatureEntry> inputs = new ArrayList<>();
        for (Value v : graph.inputs()) {
            inputs.add(new ModelBuilder.SignatureEntry(v.name(), l.define(v)));
        }
        for (Node n : graph.nodes()) {
            try {
                lower(l, n);
            } catch (MncException e) {
                throw e.getMessage().startsWith(n.describe()) ? e : e.within(n.describe());
            }
        }
        ClassifierMetadata classifier = options.classifier();
        Map<String, byte[]> metadata = options.metadata();
        if (classifier != null) {
            checkClassifier(graph, classifier);
            metadata.put(ClassifierMetadata.METADATA_NAME, classifier.modelMetadata());
        }
        byte[] bytes = model.finish(inputs, outputs(graph, l, inputs), graph.name(), options.description(),
                options.signatureKey(), metadata);
        return classifier == null || classifier.labels().isEmpty() ? bytes
                : AssociatedFiles.append(bytes, Map.of(ClassifierMetadata.LABELS_FILE, classifier.labelsFile()));
    }

    /**
     * Classifier metadata describes one float NHWC RGB image in and one score per label out;
     * anything else would tell TFLite's Task Library to feed the model wrongly.
     */
    private static void checkClassifier(Graph graph, ClassifierMetadata m) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new MncException("classifier metadata needs a model with one input and one output; '" + graph.name()
                    + "' has " + graph.inputs().size() + " and " + graph.outputs().size());
        }
        Value in = graph.inputs().get(0);
        if (in.dtype() != DType.F32) {
            throw new MncException("classifier metadata describes a float input, and input '" + in.name() + "' is "
                    + in.dtype() + "; convert with float model I/O (--io-type float, the default)");
        }
        if (in.shape().rank() != 4 || in.type().layout() != Layout.NHWC || in.shape().size(3) != 3) {
            throw new MncException("classifier metadata describes an NHWC RGB image, and input '" + in.name()
                    + "' is " + in.shape() + " in layout " + in.type().layout()
                    + "; convert an image model with --io-layout nhwc (the .tflite default)");
        }
        m.checkClasses(graph.outputs().get(0));
    }

    /**
     * The graph outputs as signature entries. When an output value was aliased onto another
     * value's tensor (identity, a no-op clip), that tensor takes the output's name, unless it is a
     * graph input, a constant or already another output.
     */
    private static List<ModelBuilder.SignatureEntry> outputs(Graph graph, Lowering l, List<ModelBuilder.SignatureEntry> inputs) {
        Set<Integer> named = new HashSet<>();
        inputs.forEach(e -> named.add(e.tensor()));
        for (Value v : graph.outputs()) {
            int t = l.in(v);
            if (l.model().name(t).equals(v.name())) {
                named.add(t);
            }
        }
        List<ModelBuilder.SignatureEntry> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Value v : graph.outputs()) {
            int t = l.in(v);
            if (!named.contains(t) && !l.model().isConstant(t)) {
                l.model().rename(t, v.name());
                named.add(t);
            }
            String key = v.name();
            for (int i = 1; !keys.add(key); i++) {
                key = v.name() + "_" + i;
            }
            out.add(new ModelBuilder.SignatureEntry(key, t));
        }
        return out;
    }

    private static void lower(Lowering l, Node n) {
        Op op = n.op();
        if (op instanceof Conv2d c) {
            ConvLowering.conv2d(l, n, c);
        } else if (op instanceof ConvTranspose2d c) {
            ConvLowering.convTranspose2d(l, n, c);
        } else if (op instanceof FullyConnected f) {
            DenseLowering.fullyConnected(l, n, f);
        } else if (op instanceof MatMul) {
            DenseLowering.matmul(l, n);
        } else if (op instanceof Binary b) {
            ElementwiseLowering.binary(l, n, b);
        } else if (op instanceof Relu) {
            ElementwiseLowering.unary(l, n, BuiltinOperator.RELU);
        } else if (op instanceof Sigmoid) {
            ElementwiseLowering.unary(l, n, BuiltinOperator.LOGISTIC);
        } else if (op instanceof HardSwish) {
            ElementwiseLowering.unary(l, n, BuiltinOperator.HARD_SWISH);
        } else if (op instanceof Clip c) {
            ElementwiseLowering.clip(l, n, c);
        } else if (op instanceof HardSigmoid h) {
            ElementwiseLowering.hardSigmoid(l, n, h);
        } else if (op instanceof LeakyRelu r) {
            ElementwiseLowering.leakyRelu(l, n, r);
        } else if (op instanceof BatchNorm b) {
            ElementwiseLowering.batchNorm(l, n, b);
        } else if (op instanceof AvgPool2d p) {
            PoolLowering.avgPool(l, n, p);
        } else if (op instanceof MaxPool2d p) {
            PoolLowering.maxPool(l, n, p);
        } else if (op instanceof Mean m) {
            PoolLowering.mean(l, n, m);
        } else if (op instanceof Reshape r) {
            TensorOpLowering.reshape(l, n, r);
        } else if (op instanceof Transpose t) {
            TensorOpLowering.transpose(l, n, t);
        } else if (op instanceof Concat c) {
            TensorOpLowering.concat(l, n, c);
        } else if (op instanceof Softmax s) {
            TensorOpLowering.softmax(l, n, s);
        } else if (op instanceof Pad p) {
            TensorOpLowering.pad(l, n, p);
        } else if (op instanceof Resize r) {
            ResizeLowering.resize(l, n, r);
        } else if (op instanceof Slice s) {
            TensorOpLowering.slice(l, n, s);
        } else if (op instanceof Gather g) {
            TensorOpLowering.gather(l, n, g);
        } else if (op instanceof Cast c) {
            TensorOpLowering.cast(l, n, c);
        } else if (op instanceof Quantize) {
            TensorOpLowering.quantize(l, n);
        } else if (op instanceof Dequantize) {
            TensorOpLowering.dequantize(l, n);
        } else if (op instanceof Identity) {
            l.alias(n.output(), n.input(0));
        } else {
            throw Unsupported.of(n, "mnc has no TFLite lowering for " + op.name(), "rewrite it with supported ops");
        }
    }
}
