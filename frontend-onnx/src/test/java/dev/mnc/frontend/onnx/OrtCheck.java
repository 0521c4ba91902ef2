package dev.mnc.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.TensorShapeProto;
import dev.mnc.testdata.OrtOracle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The one place where an imported graph is compared with ONNX Runtime: the model is imported,
 * verified, and run through ORT on random inputs of the shapes the import bound; ORT's output
 * names and shapes must equal the IR's, in order. A numeric comparison joins here once the runtime
 * can execute IR graphs.
 */
final class OrtCheck {
    private OrtCheck() {}

    static Graph importAndCompare(ModelProto model, ImportOptions options) {
        return importAndCompare(model.toByteArray(), "test.onnx", options);
    }

    static Graph importAndCompare(ModelProto model) {
        return importAndCompare(model, ImportOptions.defaults());
    }

    static Graph importAndCompare(byte[] bytes, String name, ImportOptions options) {
        Graph g = OnnxImporter.importModel(bytes, name, null, options);
        Verifier.verify(g);
        SplittableRandom r = new SplittableRandom(7);
        Map<String, float[]> feeds = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Value in : g.inputs()) {
            long[] shape = in.shape().toLongArray();
            float[] data = new float[(int) in.shape().numElements()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (r.nextDouble() * 2 - 1);
            }
            feeds.put(in.name(), data);
            shapes.put(in.name(), shape);
        }
        List<OrtOracle.Output> ort;
        try (OrtOracle oracle = OrtOracle.load(withInputShapes(bytes, g))) {
            ort = oracle.run(feeds, shapes);
        }
        assertThat(ort).extracting(OrtOracle.Output::name)
                .containsExactlyElementsOf(g.outputs().stream().map(Value::name).toList());
        for (int i = 0; i < ort.size(); i++) {
            assertThat(g.outputs().get(i).shape().toLongArray()).as("shape of output %s", ort.get(i).name())
                    .containsExactly(ort.get(i).shape());
        }
        return g;
    }

    /**
     * The model with each graph input's declared shape replaced by the one the import bound: ORT
     * refuses inputs that contradict static declared dims, and a binding that changes a static
     * size (224 to 160) is exactly that.
     */
    private static byte[] withInputShapes(byte[] bytes, Graph g) {
        try {
            ModelProto.Builder m = ModelProto.parseFrom(bytes).toBuilder();
            for (var in : m.getGraphBuilder().getInputBuilderList()) {
                var bound = g.value(in.getName()).filter(g::isGraphInput);
                if (bound.isEmpty()) {
                    continue;
                }
                var shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().clearDim();
                for (long d : bound.get().shape().toLongArray()) {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
                }
            }
            return m.build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
