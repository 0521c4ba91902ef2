package dev.mnc.backend.tflite;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Reads a {@code .tflite} file into a {@link TfliteModel}: inputs, outputs, operators with their
 * options and tensors, weight buffer sizes, signatures and metadata, and the parameter and MAC
 * counts of {@link OpCosts}. The main subgraph (subgraph 0) is described; the others are counted.
 *
 * <p>Nothing in the file is trusted. All access goes through {@link FlatReader}, which checks
 * every offset and length against the file, and the reader then checks what the schema
 * promises: identifier {@code TFL3}, schema version 3, tensor, buffer, operator-code and
 * subgraph indices in range, known tensor types, non-negative dims, constant data exactly as
 * long as its tensor needs, quantization arrays that fit their tensor. Any violation is an
 * {@link MncException} with a one-line message.
 */
public final class TfliteReader {
    /** Schema field slots (positions in the schema's tables) this reader uses. */
    private static final int MODEL_VERSION = 0;
    private static final int MODEL_OPERATOR_CODES = 1;
    private static final int MODEL_SUBGRAPHS = 2;
    private static final int MODEL_DESCRIPTION = 3;
    private static final int MODEL_BUFFERS = 4;
    private static final int MODEL_METADATA = 6;
    private static final int MODEL_SIGNATURE_DEFS = 7;
    private static final int OPCODE_DEPRECATED_BUILTIN = 0;
    private static final int OPCODE_CUSTOM = 1;
    private static final int OPCODE_VERSION = 2;
    private static final int OPCODE_BUILTIN = 3;
    private static final int SUBGRAPH_TENSORS = 0;
    private static final int SUBGRAPH_INPUTS = 1;
    private static final int SUBGRAPH_OUTPUTS = 2;
    private static final int SUBGRAPH_OPERATORS = 3;
    private static final int TENSOR_SHAPE = 0;
    private static final int TENSOR_TYPE = 1;
    private static final int TENSOR_BUFFER = 2;
    private static final int TENSOR_NAME = 3;
    private static final int TENSOR_QUANTIZATION = 4;
    private static final int QUANT_SCALE = 2;
    private static final int QUANT_ZERO_POINT = 3;
    private static final int QUANT_DIMENSION = 6;
    private static final int OPERATOR_OPCODE_INDEX = 0;
    private static final int OPERATOR_INPUTS = 1;
    private static final int OPERATOR_OUTPUTS = 2;
    private static final int OPERATOR_OPTIONS_TYPE = 3;
    private static final int OPERATOR_OPTIONS = 4;
    private static final int BUFFER_DATA = 0;
    private static final int BUFFER_OFFSET = 1;
    private static final int BUFFER_SIZE = 2;
    private static final int METADATA_NAME = 0;
    private static final int METADATA_BUFFER = 1;
    private static final int SIGNATURE_INPUTS = 0;
    private static final int SIGNATURE_OUTPUTS = 1;
    private static final int SIGNATURE_KEY = 2;
    private static final int SIGNATURE_SUBGRAPH = 4;
    private static final int TENSOR_MAP_NAME = 0;
    private static final int TENSOR_MAP_INDEX = 1;

    private TfliteReader() {}

    private record OpCode(int builtin, String name, int version) {}

    /** Reads a model from the bytes of a {@code .tflite} file. */
    public static TfliteModel read(byte[] bytes) {
        FlatReader fr = new FlatReader(bytes);
        FlatReader.Table model = fr.root(ModelBuilder.IDENTIFIER);
        long version = model.uint32(MODEL_VERSION, 0);
        if (version != ModelBuilder.SCHEMA_VERSION) {
            throw new MncException("unsupported TFLite schema version " + version + " (mnc reads version "
                    + ModelBuilder.SCHEMA_VERSION + ")");
        }
        List<OpCode> codes = new ArrayList<>();
        for (FlatReader.Table c : model.tables(MODEL_OPERATOR_CODES, "operator code")) {
            codes.add(opCode(c));
        }
        long[] bufferBytes = bufferSizes(model.tables(MODEL_BUFFERS, "buffer"), fr.size());
        List<FlatReader.Table> subgraphs = model.tables(MODEL_SUBGRAPHS, "subgraph");
        if (subgraphs.isEmpty()) {
            throw new MncException("malformed TFLite file: it has no subgraph");
        }
        FlatReader.Table main = subgraphs.get(0);
        List<TensorInfo> tensors = new ArrayList<>();
        List<FlatReader.Table> tensorTables = main.tables(SUBGRAPH_TENSORS, "tensor");
        for (int i = 0; i < tensorTables.size(); i++) {
            tensors.add(tensor(i, tensorTables.get(i), bufferBytes));
        }
        List<TensorInfo> inputs = pick(tensors, main.ints(SUBGRAPH_INPUTS), "subgraph input");
        List<TensorInfo> outputs = pick(tensors, main.ints(SUBGRAPH_OUTPUTS), "subgraph output");
        List<OperatorInfo> operators = new ArrayList<>();
        List<FlatReader.Table> opTables = main.tables(SUBGRAPH_OPERATORS, "operator");
        for (int i = 0; i < opTables.size(); i++) {
            operators.add(operator(i, opTables.get(i), codes, tensors));
        }
        return new TfliteModel((int) version, orEmpty(model.string(MODEL_DESCRIPTION)), subgraphs.size(), inputs, outputs,
                operators, tensors, bufferBytes.length, signatures(model, subgraphs.size(), tensors.size()),
                metadata(model));
    }

    private static OpCode opCode(FlatReader.Table c) {
        // Since codes outgrew a byte, the real code is the larger of the old byte field and the new int field.
        int builtin = Math.max(c.int8(OPCODE_DEPRECATED_BUILTIN, (byte) 0), c.int32(OPCODE_BUILTIN, 0));
        int version = c.int32(OPCODE_VERSION, 1);
        String name;
        if (builtin == BuiltinOperator.CUSTOM) {
            name = "CUSTOM:" + orEmpty(c.string(OPCODE_CUSTOM));
        } else if (builtin >= 0 && builtin < BuiltinOperator.names.length && !BuiltinOperator.name(builtin).isEmpty()) {
            name = BuiltinOperator.name(builtin);
        } else {
            name = "BUILTIN_" + builtin;
        }
        return new OpCode(builtin, name, version);
    }

    /** Data bytes per buffer: inline data, or (large models) an offset and size into the file. */
    private static long[] bufferSizes(List<FlatReader.Table> buffers, long fileSize) {
        long[] sizes = new long[buffers.size()];
        for (int i = 0; i < sizes.length; i++) {
            FlatReader.Table b = buffers.get(i);
            long offset = b.int64(BUFFER_OFFSET, 0);
            long size = b.int64(BUFFER_SIZE, 0);
            if (offset > 1) {
                if (size < 0 || offset + size > fileSize || offset + size < 0) {
                    throw new MncException("malformed TFLite file: buffer " + i + " points at bytes " + offset + " to "
                            + (offset + size) + " of a " + fileSize + "-byte file");
                }
                sizes[i] = size;
            } else {
                sizes[i] = b.byteVectorLength(BUFFER_DATA);
            }
        }
        return sizes;
    }

    private static TensorInfo tensor(int index, FlatReader.Table t, long[] bufferBytes) {
        String name = orEmpty(t.string(TENSOR_NAME));
        String where = "tensor " + index + " '" + name + "'";
        int[] shape = t.ints(TENSOR_SHAPE);
        long elements = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new MncException("malformed TFLite file: " + where + " has a negative dimension");
            }
            elements *= d;
            if (elements > Shape.MAX_ELEMENTS) {
                throw new MncException("malformed TFLite file: " + where + " has more than " + Shape.MAX_ELEMENTS
                        + " elements");
            }
        }
        byte type = t.int8(TENSOR_TYPE, (byte) 0);
        String typeName = TfliteTypes.name(type);
        long buffer = t.uint32(TENSOR_BUFFER, 0);
        if (buffer >= bufferBytes.length) {
            throw new MncException("malformed TFLite file: " + where + " uses buffer " + buffer + " of "
                    + bufferBytes.length);
        }
        long data = bufferBytes[(int) buffer];
        int esize = TfliteTypes.byteSize(type);
        if (data > 0 && esize > 0 && data != elements * esize) {
            throw new MncException("malformed TFLite file: " + where + " of type " + typeName + " and shape "
                    + Arrays.toString(shape) + " needs " + elements * esize + " bytes, its buffer has " + data);
        }
        Quantization q = quantization(t.table(TENSOR_QUANTIZATION, "the quantization of " + where), shape, where);
        return new TensorInfo(index, name, typeName, shape, q, (int) buffer, data);
    }

    private static Quantization quantization(FlatReader.Table q, int[] shape, String where) {
        if (q == null) {
            return null;
        }
        float[] scales = q.floats(QUANT_SCALE);
        long[] zeroPoints = q.longs(QUANT_ZERO_POINT);
        if (scales.length == 0) {
            return null;
        }
        int dim = q.int32(QUANT_DIMENSION, 0);
        if (zeroPoints.length != scales.length && zeroPoints.length > 1) {
            throw new MncException("malformed TFLite file: " + where + " has " + scales.length + " scales but "
                    + zeroPoints.length + " zero points");
        }
        if (scales.length > 1 && (dim < 0 || dim >= shape.length || shape[dim] != scales.length)) {
            throw new MncException("malformed TFLite file: " + where + " has " + scales.length
                    + " scales along dimension " + dim + " of shape " + Arrays.toString(shape));
        }
        return new Quantization(scales, zeroPoints, dim);
    }

    private static List<TensorInfo> pick(List<TensorInfo> tensors, int[] indices, String what) {
        List<TensorInfo> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (i < 0 || i >= tensors.size()) {
                throw new MncException("malformed TFLite file: " + what + " " + i + " is not one of the "
                        + tensors.size() + " tensors");
            }
            out.add(tensors.get(i));
        }
        return out;
    }

    private static OperatorInfo operator(int index, FlatReader.Table op, List<OpCode> codes, List<TensorInfo> tensors) {
        long codeIndex = op.uint32(OPERATOR_OPCODE_INDEX, 0);
        if (codeIndex >= codes.size()) {
            throw new MncException("malformed TFLite file: operator " + index + " uses operator code " + codeIndex
                    + " of " + codes.size());
        }
        OpCode code = codes.get((int) codeIndex);
        List<TensorInfo> in = new ArrayList<>();
        for (int t : op.ints(OPERATOR_INPUTS)) {
            if (t == -1) {
                in.add(null);
            } else {
                in.add(pick(tensors, new int[] {t}, "input of operator " + index + " (" + code.name() + ")").get(0));
            }
        }
        List<TensorInfo> out = pick(tensors, op.ints(OPERATOR_OUTPUTS), "output of operator " + index + " (" + code.name()
                + ")");
        Map<String, Object> options = Map.of();
        int optionsType = op.uint8(OPERATOR_OPTIONS_TYPE, 0);
        FlatReader.Table opts = op.table(OPERATOR_OPTIONS, "the options of operator " + index);
        if (optionsType != 0 && opts != null) {
            options = Collections.unmodifiableMap(OptionFields.read((byte) optionsType, opts));
        }
        return new OperatorInfo(index, code.name(), code.version(), options, Collections.unmodifiableList(in),
                out, OpCosts.parameters(code.name(), in), OpCosts.macs(code.builtin(), options, in, out));
    }

    private static List<SignatureInfo> signatures(FlatReader.Table model, int subgraphs, int tensors) {
        List<SignatureInfo> out = new ArrayList<>();
        for (FlatReader.Table s : model.tables(MODEL_SIGNATURE_DEFS, "signature")) {
            long sub = s.uint32(SIGNATURE_SUBGRAPH, 0);
            if (sub >= subgraphs) {
                throw new MncException("malformed TFLite file: a signature runs subgraph " + sub + " of " + subgraphs);
            }
            // Tensor indices of signatures on other subgraphs are not checked against the main subgraph.
            int limit = sub == 0 ? tensors : Integer.MAX_VALUE;
            out.add(new SignatureInfo(orEmpty(s.string(SIGNATURE_KEY)), (int) sub,
                    tensorMap(s.tables(SIGNATURE_INPUTS, "signature input"), limit),
                    tensorMap(s.tables(SIGNATURE_OUTPUTS, "signature output"), limit)));
        }
        return out;
    }

    private static Map<String, Integer> tensorMap(List<FlatReader.Table> maps, int tensors) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (FlatReader.Table m : maps) {
            long i = m.uint32(TENSOR_MAP_INDEX, 0);
            if (i >= tensors) {
                throw new MncException("malformed TFLite file: a signature names tensor " + i + " of " + tensors);
            }
            out.put(orEmpty(m.string(TENSOR_MAP_NAME)), (int) i);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, byte[]> metadata(FlatReader.Table model) {
        List<FlatReader.Table> buffers = model.tables(MODEL_BUFFERS, "buffer");
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (FlatReader.Table m : model.tables(MODEL_METADATA, "metadata")) {
            long b = m.uint32(METADATA_BUFFER, 0);
            if (b >= buffers.size()) {
                throw new MncException("malformed TFLite file: metadata uses buffer " + b + " of " + buffers.size());
            }
            out.put(orEmpty(m.string(METADATA_NAME)), buffers.get((int) b).bytes(BUFFER_DATA));
        }
        return Collections.unmodifiableMap(out);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
