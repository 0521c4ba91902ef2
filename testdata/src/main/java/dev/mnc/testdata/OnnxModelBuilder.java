package dev.mnc.testdata;

import com.google.protobuf.ByteString;
import dev.mnc.onnx.proto.Onnx.AttributeProto;
import dev.mnc.onnx.proto.Onnx.GraphProto;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.TensorShapeProto;
import dev.mnc.onnx.proto.Onnx.TypeProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes small ONNX models for tests, so that single ops and edge cases can be imported and run
 * through ONNX Runtime without shipping binary fixtures.
 *
 * <pre>
 * ModelProto m = new OnnxModelBuilder(13)
 *         .input("x", "N", 3, 8, 8)                       // named dynamic batch
 *         .randomInitializer("w", 4, 3, 3, 3)
 *         .node("Conv", "x,w -&gt; y", ints("pads", 1, 1, 1, 1))
 *         .output("y")
 *         .build();
 * </pre>
 *
 * <p>Dims are {@code Number}s (static) or {@code String}s (ONNX {@code dim_param}). A node's
 * inputs and outputs are written {@code "a,b -> c"}; an empty name ({@code "x,,max -> y"}) is an
 * omitted optional input. Nodes are named {@code OpType_k} (k counts nodes) unless named
 * explicitly. With {@link #constantNodes(boolean)} the weights become {@code Constant} nodes, as
 * paddle2onnx writes them. The IR version follows the opset: 7 up to opset 14, 8 for 15 to 18,
 * 9 for 19 and 20, 10 for 21 (ONNX Runtime rejects IR versions newer than it knows, never older).
 */
public final class OnnxModelBuilder {
    private final int opset;
    private long irVersion;
    private String producer = "mnc-testdata";
    private boolean constantNodes;
    private final SplittableRandom random;
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final List<TensorProto> tensors = new ArrayList<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<OperatorSetIdProto> extraOpsets = new ArrayList<>();

    /** A builder for the default domain at {@code opset} (7 to 21), with random weights seeded by 42. */
    public OnnxModelBuilder(int opset) {
        this(opset, 42);
    }

    public OnnxModelBuilder(int opset, long seed) {
        if (opset < 1) {
            throw new IllegalArgumentException("opset must be positive, got " + opset);
        }
        this.opset = opset;
        this.irVersion = irVersionFor(opset);
        this.random = new SplittableRandom(seed);
    }

    /** The IR version ONNX released together with {@code opset} (at least 7). */
    public static long irVersionFor(int opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    public int opset() {
        return opset;
    }

    public OnnxModelBuilder irVersion(long v) {
        this.irVersion = v;
        return this;
    }

    public OnnxModelBuilder producer(String name) {
        this.producer = name;
        return this;
    }

    /** Emit weights as {@code Constant} nodes instead of initializers. */
    public OnnxModelBuilder constantNodes(boolean on) {
        this.constantNodes = on;
        return this;
    }

    /** Imports another operator set (e.g. a custom domain) besides the default one. */
    public OnnxModelBuilder importOpset(String domain, long version) {
        extraOpsets.add(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version).build());
        return this;
    }

    /** A float graph input; dims are numbers or names. */
    public OnnxModelBuilder input(String name, Object... dims) {
        return input(name, TensorProto.DataType.FLOAT_VALUE, dims);
    }

    /** A graph input of any ONNX element type ({@code TensorProto.DataType} number). */
    public OnnxModelBuilder input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** A float graph input whose type has no shape at all. */
    public OnnxModelBuilder inputWithoutShape(String name) {
        inputs.add(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))).build());
        return this;
    }

    /** A float graph output of unknown shape (ONNX Runtime infers it). */
    public OnnxModelBuilder output(String name) {
        outputs.add(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))).build());
        return this;
    }

    /** A graph output with element type and shape. */
    public OnnxModelBuilder output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxModelBuilder initializer(String name, float[] data, long... dims) {
        return tensor(floatTensor(name, data, dims));
    }

    public OnnxModelBuilder initializer(String name, long[] data, long... dims) {
        return tensor(longTensor(name, data, dims));
    }

    /** A float initializer of uniform random values in [-1, 1), reproducible from the builder's seed. */
    public OnnxModelBuilder randomInitializer(String name, long... dims) {
        return initializer(name, randomFloats(count(dims), -1, 1), dims);
    }

    /** A float initializer of uniform random values in [min, max). */
    public OnnxModelBuilder randomInitializer(String name, float min, float max, long... dims) {
        return initializer(name, randomFloats(count(dims), min, max), dims);
    }

    /** Any tensor as an initializer (or Constant node), written exactly as given. */
    public OnnxModelBuilder tensor(TensorProto t) {
        tensors.add(t);
        return this;
    }

    /** Uniform random floats in [min, max) from the builder's generator. */
    public float[] randomFloats(int n, float min, float max) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (min + (max - min) * random.nextDouble());
        }
        return out;
    }

    /** A node named {@code OpType_k}; {@code io} is {@code "in1,in2 -> out1"}. */
    public OnnxModelBuilder node(String opType, String io, Attr... attrs) {
        return namedNode(opType + "_" + nodes.size(), opType, io, attrs);
    }

    public OnnxModelBuilder namedNode(String name, String opType, String io, Attr... attrs) {
        int arrow = io.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("node io must look like 'a,b -> c', got '" + io + "'");
        }
        NodeProto.Builder n = NodeProto.newBuilder().setName(name).setOpType(opType);
        n.addAllInput(names(io.substring(0, arrow)));
        n.addAllOutput(names(io.substring(arrow + 2)));
        for (Attr a : attrs) {
            n.addAttribute(a.proto());
        }
        nodes.add(n.build());
        return this;
    }

    /** A node exactly as given (custom domains, odd attributes). */
    public OnnxModelBuilder node(NodeProto n) {
        nodes.add(n);
        return this;
    }

    private static List<String> names(String list) {
        String t = list.trim();
        if (t.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : t.split(",", -1)) {
            out.add(s.trim());
        }
        return out;
    }

    public ModelProto build() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("test_graph");
        g.addAllInput(inputs);
        g.addAllOutput(outputs);
        if (constantNodes) {
            for (TensorProto t : tensors) {
                g.addNode(NodeProto.newBuilder().setName("Constant_" + t.getName()).setOpType("Constant")
                        .addOutput(t.getName()).addAttribute(attr("value", t.toBuilder().clearName().build()).proto()));
            }
        } else {
            g.addAllInitializer(tensors);
        }
        g.addAllNode(nodes);
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(irVersion)
                .setProducerName(producer)
                .setProducerVersion("1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g);
        m.addAllOpsetImport(extraOpsets);
        return m.build();
    }

    public byte[] toBytes() {
        return build().toByteArray();
    }

    /** Writes the model to {@code file} and returns it. */
    public Path write(Path file) {
        try {
            Files.write(file, toBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- tensors and attributes ---------------------------------------------------------------

    public static TensorProto floatTensor(String name, float[] data, long... dims) {
        checkCount(name, data.length, dims);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float f : data) {
            t.addFloatData(f);
        }
        return t.build();
    }

    public static TensorProto longTensor(String name, long[] data, long... dims) {
        checkCount(name, data.length, dims);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : data) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    /** A tensor whose payload is {@code raw} as given (for malformed-data tests). */
    public static TensorProto rawTensor(String name, int dataType, byte[] raw, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static void checkCount(String name, int n, long[] dims) {
        if (count(dims) != n) {
            throw new IllegalArgumentException(name + ": " + n + " values do not fill " + Arrays.toString(dims));
        }
    }

    private static int count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof Number n) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n.longValue()));
            } else if (d instanceof String s) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
            } else if (d == null) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder());
            } else {
                throw new IllegalArgumentException("a dim is a number, a name or null (unknown), got " + d);
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    /** One node attribute. */
    public record Attr(AttributeProto proto) {}

    public static Attr attr(String name, long v) {
        return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build());
    }

    public static Attr attr(String name, float v) {
        return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build());
    }

    public static Attr attr(String name, String v) {
        return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build());
    }

    public static Attr attr(String name, TensorProto v) {
        return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(v).build());
    }

    public static Attr ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return new Attr(a.build());
    }

    public static Attr floats(String name, float... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float x : v) {
            a.addFloats(x);
        }
        return new Attr(a.build());
    }
}
