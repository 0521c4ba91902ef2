package dev.mnc.driver;

import dev.mnc.backend.tflite.ClassifierMetadata;
import dev.mnc.backend.tflite.OperatorInfo;
import dev.mnc.backend.tflite.TfliteModel;
import dev.mnc.backend.tflite.TfliteReader;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.OpInfo;
import dev.mnc.runtime.TensorInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Summarizes a model file of any supported format: inputs, outputs, op counts, and a per-layer
 * table of output shape, parameters and MACs with totals.
 *
 * <p>An ONNX model is counted as it will be deployed: it is imported and the layout-free canonical
 * passes run first (BatchNorm folded into the conv before it, activations fused), so its totals
 * equal those of the {@code .mnc} and {@code .tflite} files made from it. MobileNetV2 1.0 224 then
 * has 3.49 M parameters (3.50 M before folding: a BatchNorm's gamma and beta become one bias) and
 * 300.8 M MACs.
 */
public final class Inspector {
    /** The passes that make an imported ONNX graph look like what gets deployed, without changing layout. */
    static final String CANONICAL_PASSES = "remove-identity,fold-constants,recognize-hard-sigmoid,recognize-hard-swish,"
            + "fold-batchnorm,matmul-to-fully-connected,fold-pad,fuse-activation,dead-code";

    private final PassSetup passSetup;

    public Inspector(PassSetup passSetup) {
        this.passSetup = passSetup;
    }

    public ModelSummary inspect(Path file, ImportOptions importOptions) {
        if (!Files.isRegularFile(file)) {
            throw new MncException(file + ": no such file");
        }
        return switch (ModelFormat.of(file)) {
            case ONNX -> onnx(file, importOptions);
            case MNC -> mnc(file);
            case TFLITE -> tflite(file);
        };
    }

    private ModelSummary onnx(Path file, ImportOptions importOptions) {
        Graph g = OnnxImporter.importModel(file, importOptions);
        Map<String, String> meta = new LinkedHashMap<>(g.metadata());
        PassOptions canonical = PassOptions.defaults().withPasses(CANONICAL_PASSES);
        passSetup.pipeline(dev.mnc.passes.Target.NATIVE, canonical)
                .run(g, passSetup.context(canonical, new PrintStream(PrintStream.nullOutputStream())));
        String details = "ONNX opset " + meta.getOrDefault("onnx.opset", "?") + ", IR version "
                + meta.getOrDefault("onnx.ir_version", "?") + ", producer " + meta.getOrDefault("onnx.producer", "?")
                + "; counted after BatchNorm folding";
        return summarize(file, ModelFormat.ONNX, details, g, meta);
    }

    /** A summary of an IR graph (any layout). */
    static ModelSummary summarize(Path file, ModelFormat format, String details, Graph g, Map<String, String> meta) {
        List<ModelSummary.Layer> layers = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Set<String> counted = new HashSet<>();
        long params = 0;
        long macs = 0;
        for (Node n : g.nodes()) {
            String op = n.op().name();
            counts.merge(op, 1, Integer::sum);
            List<LayerCost.Operand> in = new ArrayList<>();
            for (Value v : n.inputs()) {
                in.add(new LayerCost.Operand(v.name(), v.shape().toLongArray(), v.isConstant()));
            }
            List<LayerCost.Operand> out = new ArrayList<>();
            for (Value v : n.outputs()) {
                out.add(new LayerCost.Operand(v.name(), v.shape().toLongArray(), false));
            }
            Value y = n.outputs().get(0);
            int channelAxis = y.type().layout() == Layout.NCHW ? 1 : Math.max(0, y.type().rank() - 1);
            long p = layerParams(op, in, counted);
            long m = LayerCost.macs(op, in, out, channelAxis);
            params += p;
            macs += m;
            layers.add(new ModelSummary.Layer(n.displayName(), op, dims(y.shape().toLongArray()), p, m));
        }
        List<ModelSummary.Tensor> ins = new ArrayList<>();
        for (Value v : g.inputs()) {
            ins.add(irTensor(v));
        }
        List<ModelSummary.Tensor> outs = new ArrayList<>();
        for (Value v : g.outputs()) {
            outs.add(irTensor(v));
        }
        return new ModelSummary(file.toString(), format, details, ins, outs, counts, layers, params, macs, meta);
    }

    private static long layerParams(String op, List<LayerCost.Operand> in, Set<String> counted) {
        long p = 0;
        for (int i = 0; i < in.size(); i++) {
            LayerCost.Operand t = in.get(i);
            if (LayerCost.isParameter(op, i, t) && counted.add(t.name())) {
                p += t.elements();
            }
        }
        return p;
    }

    private static ModelSummary.Tensor irTensor(Value v) {
        List<String> shape = new ArrayList<>();
        for (var d : v.shape().dims()) {
            shape.add(d.toString());
        }
        var q = v.quant();
        return new ModelSummary.Tensor(v.name(), v.dtype().text(), shape, q == null ? null : q.scales()[0],
                q == null ? null : q.zeroPoints()[0]);
    }

    private static ModelSummary mnc(Path file) {
        try (Model m = Model.load(file)) {
            List<ModelSummary.Layer> layers = new ArrayList<>();
            Map<String, Integer> counts = new TreeMap<>();
            Set<String> counted = new HashSet<>();
            long params = 0;
            long macs = 0;
            for (OpInfo op : m.opInfos()) {
                counts.merge(op.op(), 1, Integer::sum);
                List<LayerCost.Operand> in = new ArrayList<>();
                for (int i = 0; i < op.inputs().size(); i++) {
                    TensorInfo t = op.inputs().get(i);
                    in.add(new LayerCost.Operand(t.name(), longs(t.shape()), op.constantInputs().get(i)));
                }
                List<LayerCost.Operand> out = new ArrayList<>();
                for (TensorInfo t : op.outputs()) {
                    out.add(new LayerCost.Operand(t.name(), longs(t.shape()), false));
                }
                int[] y = op.outputs().isEmpty() ? new int[0] : op.outputs().get(0).shape();
                long p = layerParams(op.op(), in, counted);
                long mac = LayerCost.macs(op.op(), in, out, Math.max(0, y.length - 1));
                params += p;
                macs += mac;
                layers.add(new ModelSummary.Layer(op.name(), op.op(), dims(longs(y)), p, mac));
            }
            String details = ".mnc format " + m.formatVersion() + ", " + m.opCount() + " ops, arena "
                    + m.arenaBytes() + " bytes";
            return new ModelSummary(file.toString(), ModelFormat.MNC, details, runtimeTensors(m.inputs()),
                    runtimeTensors(m.outputs()), counts, layers, params, macs, m.metadata());
        } catch (IOException e) {
            throw new MncException(e.getMessage(), e);
        }
    }

    private static List<ModelSummary.Tensor> runtimeTensors(List<TensorInfo> ts) {
        List<ModelSummary.Tensor> out = new ArrayList<>();
        for (TensorInfo t : ts) {
            List<String> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add(Integer.toString(d));
            }
            out.add(new ModelSummary.Tensor(t.name(), t.dtype().name().toLowerCase(java.util.Locale.ROOT), shape,
                    t.isQuantized() ? t.scale() : null, t.isQuantized() ? t.zeroPoint() : null));
        }
        return out;
    }

    private static ModelSummary tflite(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MncException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        TfliteModel t;
        try {
            t = TfliteReader.read(bytes);
        } catch (MncException e) {
            throw e.within(file.toString());
        }
        List<ModelSummary.Layer> layers = new ArrayList<>();
        for (OperatorInfo op : t.operators()) {
            int[] y = op.outputs().isEmpty() ? new int[0] : op.outputs().get(0).shape();
            String name = op.outputs().isEmpty() ? op.op() : op.outputs().get(0).name();
            layers.add(new ModelSummary.Layer(name, op.op(), dims(longs(y)), op.parameters(), op.macs()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (var e : t.metadata().entrySet()) {
            meta.put(e.getKey(), e.getValue().length + " bytes");
        }
        if (meta.containsKey(ClassifierMetadata.METADATA_NAME)) {
            ClassifierMetadata.describe(bytes).ifPresent(d -> meta.put(ClassifierMetadata.METADATA_NAME, d));
        }
        String details = "TFLite schema version " + t.schemaVersion() + ", " + t.description();
        return new ModelSummary(file.toString(), ModelFormat.TFLITE, details, tfliteTensors(t.inputs()),
                tfliteTensors(t.outputs()), t.operatorCounts(), layers, t.parameters(), t.macs(), meta);
    }

    private static List<ModelSummary.Tensor> tfliteTensors(List<dev.mnc.backend.tflite.TensorInfo> ts) {
        List<ModelSummary.Tensor> out = new ArrayList<>();
        for (var t : ts) {
            List<String> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add(Integer.toString(d));
            }
            var q = t.quantization();
            boolean quantized = q != null && q.scales().length > 0;
            out.add(new ModelSummary.Tensor(t.name(), t.type().toLowerCase(java.util.Locale.ROOT), shape,
                    quantized ? q.scales()[0] : null, quantized ? (int) q.zeroPoints()[0] : null));
        }
        return out;
    }

    private static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    private static List<String> dims(long[] shape) {
        List<String> out = new ArrayList<>();
        for (long d : shape) {
            out.add(Long.toString(d));
        }
        return out;
    }
}
