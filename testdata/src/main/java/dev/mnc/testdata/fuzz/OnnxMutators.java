package dev.mnc.testdata.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mnc.onnx.proto.Onnx.AttributeProto;
import dev.mnc.onnx.proto.Onnx.AttributeProto.AttributeType;
import dev.mnc.onnx.proto.Onnx.GraphProto;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.mnc.onnx.proto.Onnx.StringStringEntryProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.TensorShapeProto;
import dev.mnc.onnx.proto.Onnx.TypeProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Structure-aware mutation of ONNX models: each mutator parses the seed (once), edits one thing
 * through the generated protobuf API and serializes the result, so the file is always well-formed
 * protobuf and the damage reaches the importer's model checks. The edits are those a broken
 * exporter or a hostile file makes:
 *
 * <ul>
 *   <li>{@code onnx-tensor-dims}: an initializer's or Constant's dim set to a huge, negative or zero
 *       value, or a dim added or removed;</li>
 *   <li>{@code onnx-data-type}: a tensor's element type set to an unknown or unsupported code;</li>
 *   <li>{@code onnx-tensor-data}: an integer value (a shape, axis or index) set to an extreme, raw
 *       data one byte short or long, typed values one short or long, or data removed;</li>
 *   <li>{@code onnx-external-data}: a tensor moved to external data whose location leaves the
 *       folder ({@code ..}, absolute paths), is missing or odd, or whose offset and length are huge,
 *       negative or not numbers; and the valid file {@value #EXTERNAL_FILE} with odd ranges;</li>
 *   <li>{@code onnx-attribute}: an attribute's type swapped, its value set to an extreme, its list
 *       resized, or the attribute removed, repeated or renamed;</li>
 *   <li>{@code onnx-node-io}: a node input renamed to an undefined name, to the empty name or to a
 *       later value (a cycle), an input dropped or added, an output renamed onto an existing value;</li>
 *   <li>{@code onnx-op-type}: a node's op type or domain changed;</li>
 *   <li>{@code onnx-opset}: the opset imports set to old, future or negative versions, removed or
 *       repeated, and the IR version set to odd values;</li>
 *   <li>{@code onnx-graph}: nodes deleted, repeated or swapped, initializers removed or repeated,
 *       graph inputs and outputs removed, repeated or made undefined;</li>
 *   <li>{@code onnx-value-info}: a graph input's or output's element type or dims made odd, its
 *       shape or type removed.</li>
 * </ul>
 */
public final class OnnxMutators {
    /**
     * The external data file the {@code onnx-external-data} mutator refers to besides hostile
     * locations: a fuzz test that creates a file of this name in the model's folder lets those
     * cases reach the importer's range checks.
     */
    public static final String EXTERNAL_FILE = "weights.bin";

    private static final long[] ODD = {Long.MIN_VALUE, -(1L << 40), -5, -1, 0, 1, 2, 3, 7, 1L << 31, (1L << 31) - 1,
        1L << 32, 1L << 62, Long.MAX_VALUE};
    private static final int[] ODD_DATA_TYPES = {0, 8, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 99, -1,
        Integer.MAX_VALUE, 1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13, 16};
    private static final String[] LOCATIONS = {"../" + EXTERNAL_FILE, "/etc/passwd", "sub/../../" + EXTERNAL_FILE,
        EXTERNAL_FILE, EXTERNAL_FILE, "missing.bin", "", ".", "..", "sub/", "C:\\windows\\win.ini", "//server/share",
        EXTERNAL_FILE + "\u0000.txt", "~/" + EXTERNAL_FILE, "./" + EXTERNAL_FILE};
    private static final String[] RANGES = {"0", "-1", "1", "4", "4095", "4096", "4097", "9223372036854775807",
        "18446744073709551616", "1e3", "", " 12 ", "0x10", "-9223372036854775808"};
    private static final String[] OP_TYPES = {"Frobnicate", "", "conv", "Loop", "If", "Scan", "Erf", "Identity",
        "Conv", "Relu", "Reshape", "Gemm", "Concat", "Resize", "Softmax", "ConstantOfShape", "Range", "Expand"};
    private static final String[] DOMAINS = {"com.microsoft", "ai.onnx.ml", "ai.onnx", "", "x.y"};

    private OnnxMutators() {}

    /** All ONNX mutators of the class comment, sharing one cache of parsed seeds. */
    public static List<Mutator> all() {
        SeedCache<Optional<ModelProto>> parsed = new SeedCache<>();
        return List.of(
                new Edit("onnx-tensor-dims", OnnxMutators::tensorDims, parsed),
                new Edit("onnx-data-type", OnnxMutators::dataType, parsed),
                new Edit("onnx-tensor-data", OnnxMutators::tensorData, parsed),
                new Edit("onnx-external-data", OnnxMutators::externalData, parsed),
                new Edit("onnx-attribute", OnnxMutators::attribute, parsed),
                new Edit("onnx-node-io", OnnxMutators::nodeIo, parsed),
                new Edit("onnx-op-type", OnnxMutators::opType, parsed),
                new Edit("onnx-opset", OnnxMutators::opset, parsed),
                new Edit("onnx-graph", OnnxMutators::graph, parsed),
                new Edit("onnx-value-info", OnnxMutators::valueInfo, parsed));
    }

    /** One kind of edit of a parsed model: returns what it did, or empty if the model offers nothing to edit. */
    @FunctionalInterface
    private interface Editor {
        Optional<String> apply(ModelProto.Builder model, SplittableRandom r);
    }

    /** Parses a seed once (in a cache the mutators share), applies an {@link Editor} to a copy, serializes. */
    private static final class Edit implements Mutator {
        private final String name;
        private final Editor editor;
        private final SeedCache<Optional<ModelProto>> parsed;

        Edit(String name, Editor editor, SeedCache<Optional<ModelProto>> parsed) {
            this.name = name;
            this.editor = editor;
            this.parsed = parsed;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<Mutation> mutate(Seed seed, List<Seed> corpus, SplittableRandom r) {
            Optional<ModelProto> model = parsed.get(seed, s -> parse(s.bytes()));
            if (model.isEmpty()) {
                return Optional.empty();
            }
            ModelProto.Builder b = model.get().toBuilder();
            return editor.apply(b, r).map(detail -> new Mutation(detail, b.build().toByteArray()));
        }

        private static Optional<ModelProto> parse(byte[] bytes) {
            try {
                ModelProto m = ModelProto.parseFrom(bytes);
                return m.hasGraph() ? Optional.of(m) : Optional.empty();
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        }
    }

    /** A tensor the model holds, with a name for the report. */
    private record Held(String where, TensorProto.Builder tensor) {}

    /** Initializers and the tensors of node attributes (Constant values). */
    private static List<Held> tensors(GraphProto.Builder g) {
        List<Held> out = new ArrayList<>();
        for (TensorProto.Builder t : g.getInitializerBuilderList()) {
            out.add(new Held("initializer '" + t.getName() + "'", t));
        }
        for (NodeProto.Builder n : g.getNodeBuilderList()) {
            for (AttributeProto.Builder a : n.getAttributeBuilderList()) {
                if (a.hasT()) {
                    out.add(new Held("tensor of node '" + n.getName() + "' (" + n.getOpType() + ")", a.getTBuilder()));
                }
            }
        }
        return out;
    }

    private static Optional<Held> anyTensor(ModelProto.Builder m, SplittableRandom r) {
        List<Held> ts = tensors(m.getGraphBuilder());
        return ts.isEmpty() ? Optional.empty() : Optional.of(Picks.one(ts, r));
    }

    private static Optional<String> tensorDims(ModelProto.Builder m, SplittableRandom r) {
        return anyTensor(m, r).map(h -> {
            TensorProto.Builder t = h.tensor();
            long v = Picks.one(ODD, r);
            int n = t.getDimsCount();
            switch (n == 0 ? 1 : r.nextInt(4)) {
                case 0 -> {
                    List<Long> dims = new ArrayList<>(t.getDimsList());
                    dims.remove(n - 1);
                    t.clearDims().addAllDims(dims);
                    return h.where() + ": last of " + n + " dims removed";
                }
                case 1 -> {
                    t.addDims(v);
                    return h.where() + ": dim " + v + " appended to " + n + " dims";
                }
                default -> {
                    int i = r.nextInt(n);
                    t.setDims(i, v);
                    return h.where() + ": dim " + i + " := " + v;
                }
            }
        });
    }

    private static Optional<String> dataType(ModelProto.Builder m, SplittableRandom r) {
        return anyTensor(m, r).map(h -> {
            int code = ODD_DATA_TYPES[r.nextInt(ODD_DATA_TYPES.length)];
            int was = h.tensor().getDataType();
            h.tensor().setDataType(code);
            return h.where() + ": data_type := " + code + " (was " + was + ")";
        });
    }

    private static Optional<String> tensorData(ModelProto.Builder m, SplittableRandom r) {
        return anyTensor(m, r).map(h -> r.nextBoolean() ? tensorValue(h, r) : tensorLength(h, r));
    }

    /** An integer element (a shape, an axis, an index) set to an extreme; floats keep their values. */
    private static String tensorValue(Held h, SplittableRandom r) {
        TensorProto.Builder t = h.tensor();
        long v = Picks.one(ODD, r);
        if (t.getInt64DataCount() > 0) {
            int i = r.nextInt(t.getInt64DataCount());
            t.setInt64Data(i, v);
            return h.where() + ": int64 value " + i + " := " + v;
        }
        if (t.getInt32DataCount() > 0) {
            int i = r.nextInt(t.getInt32DataCount());
            t.setInt32Data(i, (int) v);
            return h.where() + ": int32 value " + i + " := " + (int) v;
        }
        int width = t.getDataType() == TensorProto.DataType.INT64_VALUE ? 8
                : t.getDataType() == TensorProto.DataType.INT32_VALUE ? 4 : 0;
        if (width > 0 && t.getRawData().size() >= width) {
            int i = r.nextInt(t.getRawData().size() / width);
            byte[] raw = Picks.writeLittleEndian(t.getRawData().toByteArray(), i * width, width, v);
            t.setRawData(ByteString.copyFrom(raw));
            return h.where() + ": raw int value " + i + " := " + v;
        }
        return tensorLength(h, r);
    }

    /** The data one element or byte short or long, or gone. */
    private static String tensorLength(Held h, SplittableRandom r) {
        TensorProto.Builder t = h.tensor();
        if (t.hasRawData()) {
            ByteString raw = t.getRawData();
            switch (r.nextInt(3)) {
                case 0 -> t.setRawData(raw.substring(0, Math.max(0, raw.size() - 1)));
                case 1 -> t.setRawData(raw.concat(ByteString.copyFrom(new byte[] {(byte) r.nextInt(256)})));
                default -> t.clearRawData();
            }
            return h.where() + ": raw_data of " + raw.size() + " bytes := " + t.getRawData().size() + " bytes";
        }
        switch (r.nextInt(4)) {
            case 0 -> {
                t.addFloatData(Float.NaN);
                return h.where() + ": a float value appended to " + (t.getFloatDataCount() - 1);
            }
            case 1 -> {
                t.addInt64Data(Long.MIN_VALUE);
                return h.where() + ": an int64 value appended to " + (t.getInt64DataCount() - 1);
            }
            case 2 -> {
                t.addInt32Data(-1);
                return h.where() + ": an int32 value appended to " + (t.getInt32DataCount() - 1);
            }
            default -> {
                t.clearFloatData().clearInt32Data().clearInt64Data().clearDoubleData().clearUint64Data();
                t.setRawData(ByteString.copyFrom(new byte[r.nextInt(9)]));
                return h.where() + ": typed values replaced by " + t.getRawData().size() + " raw bytes";
            }
        }
    }

    private static Optional<String> externalData(ModelProto.Builder m, SplittableRandom r) {
        return anyTensor(m, r).map(h -> {
            TensorProto.Builder t = h.tensor();
            String location = LOCATIONS[r.nextInt(LOCATIONS.length)];
            String offset = RANGES[r.nextInt(RANGES.length)];
            String length = RANGES[r.nextInt(RANGES.length)];
            t.clearExternalData().setDataLocation(TensorProto.DataLocation.EXTERNAL);
            if (r.nextInt(8) != 0) {
                t.clearRawData().clearFloatData().clearInt32Data().clearInt64Data();
            }
            t.addExternalData(entry("location", location));
            StringBuilder d = new StringBuilder(h.where() + ": external data at '" + location + "'");
            if (r.nextBoolean()) {
                t.addExternalData(entry("offset", offset));
                d.append(" offset '").append(offset).append('\'');
            }
            if (r.nextBoolean()) {
                t.addExternalData(entry("length", length));
                d.append(" length '").append(length).append('\'');
            }
            if (r.nextInt(8) == 0) {
                t.addExternalData(entry("location", "other.bin"));
                d.append(", location given twice");
            }
            return d.toString();
        });
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static Optional<String> attribute(ModelProto.Builder m, SplittableRandom r) {
        List<NodeProto.Builder> withAttrs = new ArrayList<>();
        for (NodeProto.Builder n : m.getGraphBuilder().getNodeBuilderList()) {
            if (n.getAttributeCount() > 0) {
                withAttrs.add(n);
            }
        }
        if (withAttrs.isEmpty()) {
            return Optional.empty();
        }
        NodeProto.Builder n = Picks.one(withAttrs, r);
        int i = r.nextInt(n.getAttributeCount());
        AttributeProto.Builder a = n.getAttributeBuilder(i);
        String where = "node '" + n.getName() + "' (" + n.getOpType() + ") attribute '" + a.getName() + "'";
        long v = Picks.one(ODD, r);
        switch (r.nextInt(8)) {
            case 0 -> {
                AttributeType[] types = AttributeType.values();
                AttributeType t = types[r.nextInt(types.length)];
                a.setType(t);
                return Optional.of(where + ": type := " + t + ", values kept");
            }
            case 1 -> {
                a.clearF().clearI().clearS().clearT().clearG().clearFloats().clearInts().clearStrings().clearTensors();
                switch (r.nextInt(5)) {
                    case 0 -> a.setType(AttributeType.INTS).addInts(v).addInts(v);
                    case 1 -> a.setType(AttributeType.FLOAT).setF(Float.NaN);
                    case 2 -> a.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8("\u0000garbage\n"));
                    case 3 -> a.setType(AttributeType.TENSOR).setT(TensorProto.getDefaultInstance());
                    default -> a.setType(AttributeType.GRAPH).setG(GraphProto.getDefaultInstance());
                }
                return Optional.of(where + ": value replaced by a " + a.getType());
            }
            case 2 -> {
                if (a.getIntsCount() > 0) {
                    int k = r.nextInt(a.getIntsCount());
                    a.setInts(k, v);
                    return Optional.of(where + ": ints[" + k + "] := " + v);
                }
                a.setI(v);
                return Optional.of(where + ": i := " + v);
            }
            case 3 -> {
                if (a.getIntsCount() > 0 && r.nextBoolean()) {
                    List<Long> ints = new ArrayList<>(a.getIntsList());
                    ints.remove(ints.size() - 1);
                    a.clearInts().addAllInts(ints);
                    return Optional.of(where + ": last of " + (ints.size() + 1) + " ints removed");
                }
                a.addInts(v);
                return Optional.of(where + ": int " + v + " appended");
            }
            case 4 -> {
                float f = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, 0f, 1e30f}[r.nextInt(6)];
                if (a.getFloatsCount() > 0) {
                    a.setFloats(r.nextInt(a.getFloatsCount()), f);
                } else {
                    a.setF(f);
                }
                return Optional.of(where + ": a float := " + f);
            }
            case 5 -> {
                n.removeAttribute(i);
                return Optional.of(where + ": removed");
            }
            case 6 -> {
                n.addAttribute(a.build());
                return Optional.of(where + ": repeated");
            }
            default -> {
                a.setName(r.nextBoolean() ? "" : a.getName() + "_x");
                return Optional.of(where + ": renamed to '" + a.getName() + "'");
            }
        }
    }

    private static Optional<String> nodeIo(ModelProto.Builder m, SplittableRandom r) {
        GraphProto.Builder g = m.getGraphBuilder();
        if (g.getNodeCount() == 0) {
            return Optional.empty();
        }
        int ni = r.nextInt(g.getNodeCount());
        NodeProto.Builder n = g.getNodeBuilder(ni);
        String where = "node " + ni + " '" + n.getName() + "' (" + n.getOpType() + ")";
        int roll = r.nextInt(6);
        if (n.getInputCount() == 0 || roll == 5) {
            if (n.getOutputCount() == 0) {
                return Optional.empty();
            }
            int k = r.nextInt(n.getOutputCount());
            NodeProto other = g.getNode(r.nextInt(g.getNodeCount()));
            String onto = g.getInputCount() > 0 && r.nextBoolean() ? g.getInput(0).getName()
                    : other.getOutputCount() > 0 ? other.getOutput(0) : "";
            n.setOutput(k, onto);
            return Optional.of(where + ": output " + k + " renamed to '" + onto + "'");
        }
        int k = r.nextInt(n.getInputCount());
        switch (roll) {
            case 0 -> n.setInput(k, "ghost");
            case 1 -> n.setInput(k, "");
            case 2 -> {
                int later = ni + r.nextInt(g.getNodeCount() - ni);
                NodeProto.Builder l = g.getNodeBuilder(later);
                if (l.getOutputCount() == 0) {
                    return Optional.empty();
                }
                n.setInput(k, l.getOutput(0));
            }
            case 3 -> {
                List<String> ins = new ArrayList<>(n.getInputList());
                ins.remove(ins.size() - 1);
                n.clearInput().addAllInput(ins);
                return Optional.of(where + ": last of " + (ins.size() + 1) + " inputs dropped");
            }
            default -> {
                n.addInput(n.getInput(k));
                return Optional.of(where + ": input '" + n.getInput(k) + "' added again");
            }
        }
        return Optional.of(where + ": input " + k + " renamed to '" + n.getInput(k) + "'");
    }

    private static Optional<String> opType(ModelProto.Builder m, SplittableRandom r) {
        GraphProto.Builder g = m.getGraphBuilder();
        if (g.getNodeCount() == 0) {
            return Optional.empty();
        }
        int ni = r.nextInt(g.getNodeCount());
        NodeProto.Builder n = g.getNodeBuilder(ni);
        String was = n.getOpType();
        if (r.nextInt(4) == 0) {
            n.setDomain(DOMAINS[r.nextInt(DOMAINS.length)]);
            return Optional.of("node " + ni + " (" + was + "): domain := '" + n.getDomain() + "'");
        }
        n.setOpType(r.nextBoolean() ? OP_TYPES[r.nextInt(OP_TYPES.length)] : g.getNode(r.nextInt(g.getNodeCount())).getOpType());
        return Optional.of("node " + ni + " '" + n.getName() + "': op_type " + was + " := " + n.getOpType());
    }

    private static Optional<String> opset(ModelProto.Builder m, SplittableRandom r) {
        long v = new long[] {0, 1, 6, 7, 10, 11, 13, 17, 21, 22, 1000, -1, Long.MAX_VALUE}[r.nextInt(13)];
        switch (r.nextInt(5)) {
            case 0 -> {
                if (m.getOpsetImportCount() == 0) {
                    return Optional.empty();
                }
                int i = r.nextInt(m.getOpsetImportCount());
                m.getOpsetImportBuilder(i).setVersion(v);
                return Optional.of("opset import " + i + " ('" + m.getOpsetImport(i).getDomain() + "') := " + v);
            }
            case 1 -> {
                m.clearOpsetImport();
                return Optional.of("opset imports removed");
            }
            case 2 -> {
                m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(r.nextBoolean() ? "" : "ai.onnx").setVersion(v));
                return Optional.of("opset import " + v + " of the default domain added");
            }
            case 3 -> {
                m.setIrVersion(Picks.one(ODD, r));
                return Optional.of("ir_version := " + m.getIrVersion());
            }
            default -> {
                m.clearIrVersion();
                return Optional.of("ir_version removed");
            }
        }
    }

    private static Optional<String> graph(ModelProto.Builder m, SplittableRandom r) {
        GraphProto.Builder g = m.getGraphBuilder();
        int nodes = g.getNodeCount();
        switch (r.nextInt(9)) {
            case 0 -> {
                if (nodes == 0) {
                    return Optional.empty();
                }
                int i = r.nextInt(nodes);
                g.removeNode(i);
                return Optional.of("node " + i + " deleted");
            }
            case 1 -> {
                if (nodes == 0) {
                    return Optional.empty();
                }
                int i = r.nextInt(nodes);
                g.addNode(g.getNode(i));
                return Optional.of("node " + i + " repeated at the end");
            }
            case 2 -> {
                if (nodes < 2) {
                    return Optional.empty();
                }
                int i = r.nextInt(nodes);
                int j = r.nextInt(nodes);
                NodeProto a = g.getNode(i);
                g.setNode(i, g.getNode(j));
                g.setNode(j, a);
                return Optional.of("nodes " + i + " and " + j + " swapped");
            }
            case 3 -> {
                if (g.getInitializerCount() == 0) {
                    return Optional.empty();
                }
                int i = r.nextInt(g.getInitializerCount());
                String name = g.getInitializer(i).getName();
                g.removeInitializer(i);
                return Optional.of("initializer '" + name + "' removed");
            }
            case 4 -> {
                if (g.getInitializerCount() == 0) {
                    return Optional.empty();
                }
                int i = r.nextInt(g.getInitializerCount());
                g.addInitializer(g.getInitializer(i));
                return Optional.of("initializer '" + g.getInitializer(i).getName() + "' repeated");
            }
            case 5 -> {
                g.clearOutput();
                return Optional.of("graph outputs removed");
            }
            case 6 -> {
                g.addOutput(ValueInfoProto.newBuilder().setName(r.nextBoolean() ? "ghost" : ""));
                return Optional.of("graph output '" + g.getOutput(g.getOutputCount() - 1).getName() + "' added");
            }
            case 7 -> {
                if (g.getInputCount() == 0) {
                    return Optional.empty();
                }
                g.addInput(g.getInput(0));
                return Optional.of("graph input '" + g.getInput(0).getName() + "' repeated");
            }
            default -> {
                if (g.getInputCount() == 0) {
                    return Optional.empty();
                }
                String name = g.getInput(0).getName();
                g.removeInput(0);
                return Optional.of("graph input '" + name + "' removed");
            }
        }
    }

    private static Optional<String> valueInfo(ModelProto.Builder m, SplittableRandom r) {
        GraphProto.Builder g = m.getGraphBuilder();
        List<ValueInfoProto.Builder> vs = new ArrayList<>(g.getInputBuilderList());
        vs.addAll(g.getOutputBuilderList());
        if (vs.isEmpty()) {
            return Optional.empty();
        }
        ValueInfoProto.Builder v = Picks.one(vs, r);
        String where = "value info '" + v.getName() + "'";
        TypeProto.Tensor.Builder t = v.getTypeBuilder().getTensorTypeBuilder();
        TensorShapeProto.Builder s = t.getShapeBuilder();
        switch (r.nextInt(7)) {
            case 0, 1 -> {
                if (s.getDimCount() == 0) {
                    s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(Picks.one(ODD, r)));
                    return Optional.of(where + ": a dim added");
                }
                int i = r.nextInt(s.getDimCount());
                long d = Picks.one(ODD, r);
                s.getDimBuilder(i).setDimValue(d);
                return Optional.of(where + ": dim " + i + " := " + d);
            }
            case 2 -> {
                if (s.getDimCount() == 0) {
                    return Optional.empty();
                }
                int i = r.nextInt(s.getDimCount());
                s.getDimBuilder(i).setDimParam(r.nextBoolean() ? "" : "N");
                return Optional.of(where + ": dim " + i + " made symbolic");
            }
            case 3 -> {
                int e = ODD_DATA_TYPES[r.nextInt(ODD_DATA_TYPES.length)];
                t.setElemType(e);
                return Optional.of(where + ": elem_type := " + e);
            }
            case 4 -> {
                t.clearShape();
                return Optional.of(where + ": shape removed");
            }
            case 5 -> {
                for (int i = 0; i < 9; i++) {
                    s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1));
                }
                return Optional.of(where + ": nine dims of 1 added");
            }
            default -> {
                v.setType(TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.getDefaultInstance()));
                return Optional.of(where + ": type := sequence");
            }
        }
    }
}
