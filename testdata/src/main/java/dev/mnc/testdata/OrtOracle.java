package dev.mnc.testdata;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime as the oracle for ONNX semantics: loads a model and runs it on float inputs.
 *
 * <p>The session runs single-threaded (one intra-op and one inter-op thread) with graph
 * optimizations off, so results are reproducible and come from ONNX Runtime's plain kernels.
 * Outputs come back in the model's output order, copied out of native memory; integer outputs are
 * converted to float. Close the oracle to free the native session.
 */
public final class OrtOracle implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;

    /** ONNX Runtime's view of a graph input: its name, shape (-1 for a dynamic dim) and element type. */
    public record InputInfo(String name, long[] shape, String elementType) {}

    /** One output: its name, shape and data (row-major). */
    public record Output(String name, long[] shape, float[] data) {}

    /** Thrown when ONNX Runtime rejects the model or fails to run it; the message is ORT's. */
    public static final class OracleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OracleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private OrtOracle(byte[] model) {
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            this.session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new OracleException("ONNX Runtime rejected the model: " + e.getMessage(), e);
        }
    }

    public static OrtOracle load(byte[] model) {
        return new OrtOracle(model);
    }

    public static OrtOracle load(ModelProto model) {
        return new OrtOracle(model.toByteArray());
    }

    public static OrtOracle load(Path file) {
        try {
            return new OrtOracle(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads, runs once and closes: the outputs of {@code model} for the given inputs. */
    public static List<Output> run(ModelProto model, Map<String, float[]> inputs, Map<String, long[]> shapes) {
        try (OrtOracle o = load(model)) {
            return o.run(inputs, shapes);
        }
    }

    /** The graph inputs as ONNX Runtime sees them, in model order. */
    public List<InputInfo> inputs() {
        List<InputInfo> out = new ArrayList<>();
        try {
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                ValueInfo info = e.getValue().getInfo();
                if (info instanceof TensorInfo t) {
                    out.add(new InputInfo(e.getKey(), t.getShape(), t.type.toString()));
                } else {
                    out.add(new InputInfo(e.getKey(), new long[0], info.toString()));
                }
            }
        } catch (OrtException e) {
            throw new OracleException("cannot read the model's inputs: " + e.getMessage(), e);
        }
        return out;
    }

    /** Output names in model order. */
    public List<String> outputNames() {
        return new ArrayList<>(session.getOutputNames());
    }

    /**
     * Runs the model on float inputs, each given with its shape, and returns every output in
     * model order.
     */
    public List<Output> run(Map<String, float[]> inputs, Map<String, long[]> shapes) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, float[]> e : inputs.entrySet()) {
                long[] shape = shapes.get(e.getKey());
                if (shape == null) {
                    throw new IllegalArgumentException("no shape given for input " + e.getKey());
                }
                feed.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()), shape));
            }
            List<Output> out = new ArrayList<>();
            try (OrtSession.Result r = session.run(feed)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    out.add(toOutput(e.getKey(), e.getValue()));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new OracleException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
    }

    private static Output toOutput(String name, OnnxValue v) throws OrtException {
        if (!(v instanceof OnnxTensor t)) {
            throw new OracleException("output " + name + " is not a tensor: " + v.getInfo(), null);
        }
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        float[] data;
        OnnxJavaType type = info.type;
        switch (type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                data = new float[b.remaining()];
                b.get(data);
            }
            case INT64 -> {
                var b = t.getLongBuffer();
                data = new float[b.remaining()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = b.get(i);
                }
            }
            case INT32 -> {
                var b = t.getIntBuffer();
                data = new float[b.remaining()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = b.get(i);
                }
            }
            default -> throw new OracleException("output " + name + " has unsupported type " + type, null);
        }
        return new Output(name, shape, data);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new OracleException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
