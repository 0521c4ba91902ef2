package dev.mnc.backend.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.mnc.ir.DType;
import dev.mnc.ir.QuantParams;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Metadata;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TensorMap;

/**
 * Collects one TFLite subgraph (tensors, constant buffers, operators) and serializes it as a
 * schema-version-3 model.
 *
 * <p>Buffer 0 is the empty buffer the schema reserves for tensors without data. Constant data is
 * deduplicated by content: tensors with identical bytes share one buffer. Each builtin operator
 * gets one operator code whose version is the highest any of its uses needs, as TFLite's own
 * converter does. Tensor names are made unique by suffixing {@code _1}, {@code _2}, ...
 * Option tables are built straight into {@link #fb()} while operators are added; everything else
 * is laid out by {@link #finish}.
 */
final class ModelBuilder implements OpVersions.Tensors {
    /** Schema version this builder writes. */
    static final int SCHEMA_VERSION = 3;
    /** The file identifier of schema version 3. */
    static final String IDENTIFIER = "TFL3";
    /** Alignment of constant data, as TFLite's converter uses, so kernels may read it with wide loads. */
    private static final int DATA_ALIGNMENT = 16;

    private record TensorSpec(String name, byte type, int[] shape, QuantParams quant, int buffer) {}

    private record OperatorSpec(int builtin, int[] inputs, int[] outputs, byte optionsType, int options) {}

    /** A graph input or output as the signature names it. */
    record SignatureEntry(String name, int tensor) {}

    private final FlatBufferBuilder fb;
    private final List<TensorSpec> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<byte[]> buffers = new ArrayList<>();
    private final Map<ByteBuffer, Integer> bufferByContent = new HashMap<>();
    private final Map<Integer, Integer> versionByBuiltin = new LinkedHashMap<>();
    private final List<OperatorSpec> operators = new ArrayList<>();

    /** @param expectedBytes a size hint (the constants' total) so the builder rarely regrows */
    ModelBuilder(long expectedBytes) {
        fb = new FlatBufferBuilder((int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024, expectedBytes + (1 << 16))));
        buffers.add(new byte[0]);
    }

    /** The builder to write option tables into, before the operator that uses them is added. */
    FlatBufferBuilder fb() {
        return fb;
    }

    /** Adds a tensor without data (an activation); returns its index. */
    int tensor(String name, DType dtype, int[] shape, QuantParams quant) {
        return addTensor(name, TfliteTypes.code(dtype), shape, quant, 0);
    }

    /** Adds a constant tensor holding {@code littleEndian}, sharing a buffer with equal data; returns its index. */
    int constant(String name, DType dtype, int[] shape, byte[] littleEndian, QuantParams quant) {
        if (littleEndian.length == 0) {
            // TFLite reads a tensor with an empty buffer as a runtime tensor, not a constant.
            throw new IllegalStateException("constant " + name + " has no data");
        }
        Integer buffer = bufferByContent.get(ByteBuffer.wrap(littleEndian));
        if (buffer == null) {
            buffer = buffers.size();
            buffers.add(littleEndian);
            bufferByContent.put(ByteBuffer.wrap(littleEndian), buffer);
        }
        return addTensor(name, TfliteTypes.code(dtype), shape, quant, buffer);
    }

    private int addTensor(String name, byte type, int[] shape, QuantParams quant, int buffer) {
        tensors.add(new TensorSpec(uniqueName(name), type, shape.clone(), quant, buffer));
        return tensors.size() - 1;
    }

    private String uniqueName(String base) {
        String n = base;
        for (int i = 1; !names.add(n); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    /** The current name of tensor {@code index}. */
    String name(int index) {
        return tensors.get(index).name();
    }

    /** Renames a tensor (e.g. to give a graph output's name to the tensor that holds it). */
    void rename(int index, String newName) {
        TensorSpec t = tensors.get(index);
        if (t.name().equals(newName)) {
            return;
        }
        names.remove(t.name());
        tensors.set(index, new TensorSpec(uniqueName(newName), t.type(), t.shape(), t.quant(), t.buffer()));
    }

    /** True when tensor {@code index} holds constant data. */
    boolean isConstant(int index) {
        return tensors.get(index).buffer() != 0;
    }

    /**
     * Adds an operator. {@code options} is an offset in {@link #fb()} of a table of type
     * {@code optionsType} ({@code BuiltinOptions.NONE} and 0 for none); -1 in {@code inputs} marks an
     * omitted optional input. The operator's version follows from its tensors and {@code features}.
     */
    void operator(int builtin, int[] inputs, int[] outputs, byte optionsType, int options,
            Set<OpVersions.Feature> features) {
        int version = OpVersions.of(builtin, this, inputs, outputs, features);
        versionByBuiltin.merge(builtin, version, Math::max);
        operators.add(new OperatorSpec(builtin, inputs.clone(), outputs.clone(), optionsType, options));
    }

    @Override
    public byte type(int tensor) {
        return tensors.get(tensor).type();
    }

    @Override
    public int rank(int tensor) {
        return tensors.get(tensor).shape().length;
    }

    @Override
    public int[] shape(int tensor) {
        return tensors.get(tensor).shape().clone();
    }

    @Override
    public int scaleCount(int tensor) {
        QuantParams q = tensors.get(tensor).quant();
        return q == null ? 0 : q.scales().length;
    }

    @Override
    public float scale(int tensor) {
        QuantParams q = tensors.get(tensor).quant();
        return q == null || !q.isPerTensor() ? 0 : q.scale();
    }

    /**
     * Lays out the model and returns its bytes.
     *
     * @param inputs graph inputs in order, named as the signature shows them
     * @param outputs graph outputs in order
     * @param signatureKey the signature's key, e.g. {@code serving_default}
     * @param metadata named metadata entries, each stored in a buffer of its own
     */
    byte[] finish(List<SignatureEntry> inputs, List<SignatureEntry> outputs, String graphName, String description,
            String signatureKey, Map<String, byte[]> metadata) {
        int firstMetadataBuffer = buffers.size();
        List<byte[]> allBuffers = new ArrayList<>(buffers);
        allBuffers.addAll(metadata.values());

        int[] bufferOffsets = new int[allBuffers.size()];
        for (int i = 0; i < allBuffers.size(); i++) {
            byte[] data = allBuffers.get(i);
            int dataVector = 0;
            if (data.length > 0) {
                fb.createUnintializedVector(1, data.length, DATA_ALIGNMENT).put(data);
                dataVector = fb.endVector();
            }
            Buffer.startBuffer(fb);
            if (dataVector != 0) {
                Buffer.addData(fb, dataVector);
            }
            bufferOffsets[i] = Buffer.endBuffer(fb);
        }

        int[] tensorOffsets = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            tensorOffsets[i] = writeTensor(tensors.get(i));
        }

        List<Integer> builtins = new ArrayList<>(versionByBuiltin.keySet());
        Map<Integer, Integer> opcodeIndex = new HashMap<>();
        int[] opcodeOffsets = new int[builtins.size()];
        for (int i = 0; i < builtins.size(); i++) {
            int builtin = builtins.get(i);
            opcodeIndex.put(builtin, i);
            // Codes past 126 no longer fit the old byte field, which then holds a placeholder.
            byte deprecated = (byte) Math.min(builtin, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES);
            opcodeOffsets[i] = OperatorCode.createOperatorCode(fb, deprecated, 0, versionByBuiltin.get(builtin), builtin);
        }

        int[] operatorOffsets = new int[operators.size()];
        for (int i = 0; i < operators.size(); i++) {
            OperatorSpec op = operators.get(i);
            int in = Operator.createInputsVector(fb, op.inputs());
            int out = Operator.createOutputsVector(fb, op.outputs());
            Operator.startOperator(fb);
            Operator.addOpcodeIndex(fb, opcodeIndex.get(op.builtin()));
            Operator.addInputs(fb, in);
            Operator.addOutputs(fb, out);
            if (op.optionsType() != 0) {
                Operator.addBuiltinOptionsType(fb, op.optionsType());
                Operator.addBuiltinOptions(fb, op.options());
            }
            operatorOffsets[i] = Operator.endOperator(fb);
        }

        int subgraph = SubGraph.createSubGraph(fb, SubGraph.createTensorsVector(fb, tensorOffsets),
                SubGraph.createInputsVector(fb, indices(inputs)), SubGraph.createOutputsVector(fb, indices(outputs)),
                SubGraph.createOperatorsVector(fb, operatorOffsets), fb.createString(graphName));

        int signature = SignatureDef.createSignatureDef(fb, SignatureDef.createInputsVector(fb, tensorMaps(inputs)),
                SignatureDef.createOutputsVector(fb, tensorMaps(outputs)), fb.createString(signatureKey), 0);

        int[] metadataOffsets = new int[metadata.size()];
        int k = 0;
        for (String name : metadata.keySet()) {
            metadataOffsets[k] = Metadata.createMetadata(fb, fb.createString(name), firstMetadataBuffer + k);
            k++;
        }

        int descriptionOffset = fb.createString(description);
        int opcodes = Model.createOperatorCodesVector(fb, opcodeOffsets);
        int subgraphs = Model.createSubgraphsVector(fb, new int[] {subgraph});
        int bufferVector = Model.createBuffersVector(fb, bufferOffsets);
        int metadataVector = metadata.isEmpty() ? 0 : Model.createMetadataVector(fb, metadataOffsets);
        int signatures = Model.createSignatureDefsVector(fb, new int[] {signature});
        Model.startModel(fb);
        Model.addVersion(fb, SCHEMA_VERSION);
        Model.addOperatorCodes(fb, opcodes);
        Model.addSubgraphs(fb, subgraphs);
        Model.addDescription(fb, descriptionOffset);
        Model.addBuffers(fb, bufferVector);
        if (metadataVector != 0) {
            Model.addMetadata(fb, metadataVector);
        }
        Model.addSignatureDefs(fb, signatures);
        fb.finish(Model.endModel(fb), IDENTIFIER);
        return fb.sizedByteArray();
    }

    private int writeTensor(TensorSpec t) {
        int name = fb.createString(t.name());
        int shape = Tensor.createShapeVector(fb, t.shape());
        int quant = t.quant() == null ? 0 : writeQuant(t.quant(), t.shape().length);
        Tensor.startTensor(fb);
        Tensor.addShape(fb, shape);
        Tensor.addType(fb, t.type());
        Tensor.addBuffer(fb, t.buffer());
        Tensor.addName(fb, name);
        if (quant != 0) {
            Tensor.addQuantization(fb, quant);
        }
        return Tensor.endTensor(fb);
    }

    private int writeQuant(QuantParams q, int rank) {
        int[] zp = q.zeroPoints();
        long[] zeroPoints = new long[zp.length];
        for (int i = 0; i < zp.length; i++) {
            zeroPoints[i] = zp[i];
        }
        int scale = QuantizationParameters.createScaleVector(fb, q.scales());
        int zero = QuantizationParameters.createZeroPointVector(fb, zeroPoints);
        QuantizationParameters.startQuantizationParameters(fb);
        QuantizationParameters.addScale(fb, scale);
        QuantizationParameters.addZeroPoint(fb, zero);
        if (!q.isPerTensor()) {
            if (q.axis() >= rank) {
                throw new IllegalStateException("quantization axis " + q.axis() + " for rank " + rank);
            }
            QuantizationParameters.addQuantizedDimension(fb, q.axis());
        }
        return QuantizationParameters.endQuantizationParameters(fb);
    }

    private static int[] indices(List<SignatureEntry> entries) {
        int[] out = new int[entries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = entries.get(i).tensor();
        }
        return out;
    }

    private int[] tensorMaps(List<SignatureEntry> entries) {
        int[] out = new int[entries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = TensorMap.createTensorMap(fb, fb.createString(entries.get(i).name()), entries.get(i).tensor());
        }
        return out;
    }
}
