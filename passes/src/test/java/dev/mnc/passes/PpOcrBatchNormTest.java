package dev.mnc.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.onnx.proto.Onnx;
import dev.mnc.passes.instrument.VerifyEach;
import dev.mnc.passes.testing.PassTester;
import dev.mnc.passes.testing.ReferenceEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * fold-batchnorm on the real conv + BatchNormalization pairs of PaddleOCR's PP-OCRv3 detector, whose
 * running variances include denormals (5.6e-45) and huge values (4.8e7), and of its MobileNetV3-small
 * text-direction classifier (weights in Constant nodes): each pair is rebuilt as
 * an IR graph with the model's own weights and statistics, folded, and compared with the
 * unfolded pair on random data by the reference evaluator. Reads the ONNX protobuf directly,
 * since the frontend lives in another module.
 */
class PpOcrBatchNormTest {

    private static Path model(String file) {
        String dir = System.getProperty("mnc.shared.dir");
        Path p = dir == null ? null : Path.of(dir, "models", file);
        assumeTrue(p != null && Files.isRegularFile(p),
                "shared model " + file + " absent (mnc.shared.dir=" + dir + "): skipping its batch-norm check");
        return p;
    }

    @Test
    void everyConvBatchNormPairOfTheDetectorFoldsExactlyIncludingExtremeVariances() throws IOException {
        int[] seen = foldAll("ppocrv3-det-mobilenetv3-large-0.5.onnx");
        assertThat(seen[0]).as("conv + batch norm pairs in PP-OCRv3").isEqualTo(48);
        assertThat(seen[1]).as("denormal running variances seen").isPositive();
        assertThat(seen[2]).as("huge running variances seen").isPositive();
    }

    @Test
    void everyConvBatchNormPairOfTheClassifierFolds() throws IOException {
        int[] seen = foldAll("ppocr-cls-mobilenetv3-small-0.35.onnx");
        assertThat(seen[0]).as("conv + batch norm pairs in the MobileNetV3-small classifier").isEqualTo(35);
    }

    /** Folds each conv + BatchNormalization pair of the model; returns {pairs, denormal vars, huge vars}. */
    private static int[] foldAll(String file) throws IOException {
        Onnx.ModelProto m;
        try (InputStream in = Files.newInputStream(model(file))) {
            m = Onnx.ModelProto.parseFrom(in);
        }
        Map<String, Onnx.TensorProto> tensors = new HashMap<>();
        for (Onnx.TensorProto t : m.getGraph().getInitializerList()) {
            tensors.put(t.getName(), t);
        }
        Map<String, Onnx.NodeProto> producers = new HashMap<>();
        for (Onnx.NodeProto n : m.getGraph().getNodeList()) {
            if (n.getOpType().equals("Constant")) {
                tensors.put(n.getOutput(0), n.getAttribute(0).getT());
            }
            for (String o : n.getOutputList()) {
                producers.put(o, n);
            }
        }
        PassTester tester = new PassTester(PassRegistry.builtins(), new ReferenceEvaluator());
        int folded = 0;
        int denormal = 0;
        int huge = 0;
        for (Onnx.NodeProto bn : m.getGraph().getNodeList()) {
            if (!bn.getOpType().equals("BatchNormalization")) {
                continue;
            }
            Onnx.NodeProto conv = producers.get(bn.getInput(0));
            if (conv == null || !conv.getOpType().equals("Conv")) {
                continue;
            }
            float[] var = floats(tensors.get(bn.getInput(4)));
            for (float v : var) {
                denormal += v != 0 && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
                huge += v > 1e6 ? 1 : 0;
            }
            Graph g = pair(conv, bn, tensors);
            Graph original = g.copy();
            PassResult r = Pipeline.of("fold", new FoldBatchNorm()).run(g,
                    PassContext.builder().instrument(new VerifyEach()).build());
            assertThat(r.applied()).as(bn.getName()).isEqualTo(1);
            assertThat(g.nodes()).as(bn.getName()).singleElement()
                    .satisfies(n -> assertThat(n.op().name()).isEqualTo("conv2d"));
            for (Value c : g.constants()) {
                for (float f : c.data().floats()) {
                    assertThat(Float.isFinite(f)).as(bn.getName() + " " + c.name()).isTrue();
                }
            }
            tester.assertSameResults(file + " " + bn.getName(), original, g, folded);
            folded++;
        }
        return new int[] {folded, denormal, huge};
    }

    /** conv2d + batch_norm over a small random input, with the model's weights, statistics and attributes. */
    private static Graph pair(Onnx.NodeProto conv, Onnx.NodeProto bn, Map<String, Onnx.TensorProto> tensors) {
        Onnx.TensorProto wt = tensors.get(conv.getInput(1));
        long[] ws = wt.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int group = 1;
        int[] strides = {1, 1};
        int[] pads = {0, 0, 0, 0};
        int[] dilations = {1, 1};
        for (Onnx.AttributeProto a : conv.getAttributeList()) {
            int[] ints = a.getIntsList().stream().mapToInt(Long::intValue).toArray();
            switch (a.getName()) {
                case "group" -> group = (int) a.getI();
                case "strides" -> strides = ints;
                case "pads" -> pads = new int[] {ints[0], ints[1], ints[2], ints[3]};
                case "dilations" -> dilations = ints;
                default -> { }
            }
        }
        float eps = 1e-5f;
        for (Onnx.AttributeProto a : bn.getAttributeList()) {
            if (a.getName().equals("epsilon")) {
                eps = a.getF();
            }
        }
        Graph g = new Graph("pair");
        int side = (int) Math.max(ws[2], ws[3]) + 3;
        Value x = g.addInput("x", new TensorType(DType.F32, Shape.of(1, ws[1] * group, side, side), Layout.NCHW));
        Value w = g.addConstant("w", TensorData.ofFloats(Shape.of(ws), floats(wt)));
        List<Value> ins = conv.getInputCount() > 2
                ? List.of(x, w, g.addConstant("b", TensorData.ofFloats(Shape.of(ws[0]), floats(tensors.get(conv.getInput(2))))))
                : List.of(x, w);
        Value c = g.add(new Conv2d(strides, dilations, pads, group, Activation.NONE, Layout.NCHW), ins,
                List.of(conv.getName()));
        Value[] p = new Value[4];
        String[] names = {"gamma", "beta", "mean", "var"};
        for (int i = 0; i < 4; i++) {
            float[] d = floats(tensors.get(bn.getInput(i + 1)));
            p[i] = g.addConstant(names[i], TensorData.ofFloats(Shape.of(d.length), d));
        }
        Value y = g.add(new BatchNorm(eps, Layout.NONE), List.of(c, p[0], p[1], p[2], p[3]), List.of(bn.getName()));
        g.setOutputs(List.of(y));
        return g;
    }

    private static float[] floats(Onnx.TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            float[] f = new float[t.getRawData().size() / 4];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            return f;
        }
        float[] f = new float[t.getFloatDataCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = t.getFloatData(i);
        }
        return f;
    }
}
