package dev.mnc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.TfliteOracle;
import dev.mnc.testdata.Top1;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Converts an ONNX model to .mnc and .tflite and checks both against ONNX Runtime on the given
 * inputs: classifiers within 1e-4 of the largest reference magnitude on every element, with the
 * same top-1 class; dense maps (a detector's probabilities) within 1e-4 absolute.
 */
final class AccuracyCheck {
    private static final double TOLERANCE = 1e-4;

    private final Path tmp;
    private final Converter converter = new Converter(new PassSetup(AccuracyCheck.class.getClassLoader()),
            new PrintStream(PrintStream.nullOutputStream()));

    AccuracyCheck(Path tmp) {
        this.tmp = tmp;
    }

    void check(Path onnx, ImportOptions opts, long[] nchw, List<float[]> inputs, boolean classifier)
            throws Exception {
        Path mnc = tmp.resolve("m.mnc");
        Path tfl = tmp.resolve("m.tflite");
        ConvertResult compiled = converter.convert(ConvertRequest.of(onnx, mnc).withImportOptions(opts));
        ConvertResult written = converter.convert(ConvertRequest.of(onnx, tfl).withImportOptions(opts));
        byte[] tflite = Files.readAllBytes(tfl);
        // A MobileNet comes out with no transpose, no batch norm and nothing left that could fuse.
        assertThat(written.opCounts()).doesNotContainKeys("transpose", "batch_norm");
        assertThat(dev.mnc.backend.tflite.TfliteReader.read(tflite).operatorCounts()).doesNotContainKey("TRANSPOSE");
        assertNothingLeftToFuse(".mnc", compiled.graph());
        assertNothingLeftToFuse(".tflite", written.graph());
        try (OrtOracle ort = OrtOracle.load(onnx); Model model = Model.load(mnc); Session session = model.newSession();
                TfliteOracle interp = TfliteOracle.load(tflite)) {
            String inName = ort.inputs().get(0).name();
            for (float[] x : inputs) {
                float[] ref = ort.run(Map.of(inName, x), Map.of(inName, nchw)).get(0).data();
                int[] shape = java.util.Arrays.stream(nchw).mapToInt(l -> (int) l).toArray();
                Tensor y = session.run(Map.of(model.inputs().get(0).name(), Tensor.ofFloats(shape, x)))
                        .get(model.outputs().get(0).name());
                assertClose("mnc", ref, y.floats(), classifier);
                float[] nhwc = TensorData.ofFloats(Shape.of(nchw), x).nchwToNhwcFloats().floats();
                float[] t = interp.run(nhwc).get(0).floats();
                assertClose("tflite", ref, nhwcToNchwIfNeeded(t, ref.length), classifier);
            }
        }
    }

    /**
     * No relu or clip stands alone after an op with an activation slot (conv2d, conv_transpose2d,
     * fully_connected, add/sub/mul/div) whose output it alone reads.
     */
    private static void assertNothingLeftToFuse(String what, dev.mnc.ir.Graph g) {
        for (dev.mnc.ir.Node n : g.nodes()) {
            if (n.op() instanceof dev.mnc.ir.ops.Relu || n.op() instanceof dev.mnc.ir.ops.Clip) {
                dev.mnc.ir.Node p = n.input(0).producer();
                boolean fusable = p != null && n.input(0).users().size() == 1
                        && (p.op() instanceof dev.mnc.ir.ops.Conv2d || p.op() instanceof dev.mnc.ir.ops.ConvTranspose2d
                        || p.op() instanceof dev.mnc.ir.ops.FullyConnected || p.op() instanceof dev.mnc.ir.ops.Binary);
                assertThat(fusable).as(what + ": " + n.describe() + " after "
                        + (p == null ? "an input" : p.describe()) + " could have been fused").isFalse();
            }
        }
    }

    /** Outputs compared here are [1,N] vectors or [1,1,H,W] maps, whose NHWC order equals NCHW order. */
    private static float[] nhwcToNchwIfNeeded(float[] t, int n) {
        assertThat(t).hasSize(n);
        return t;
    }

    private static void assertClose(String what, float[] ref, float[] got, boolean classifier) {
        assertThat(got).as(what + " output size").hasSize(ref.length);
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ref[i] - got[i]));
        }
        double bound = classifier ? TOLERANCE * maxRef : TOLERANCE;
        assertThat(maxDiff).as(what + ": max |diff| vs ONNX Runtime (largest |output| " + maxRef + ")")
                .isLessThanOrEqualTo(bound);
        if (classifier) {
            assertThat(Top1.argmax(got)).as(what + " top-1").isEqualTo(Top1.argmax(ref));
        }
    }
}
