package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.backend.onnx.OnnxWriter;
import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.TfliteOracle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a pruned graph is a model other tools accept and agree on: it passes the verifier,
 * ONNX Runtime loads the file {@link OnnxWriter} writes and computes what the native runtime
 * computes, and the default TFLite pipeline and {@link TfliteWriter} give a file the TFLite
 * interpreter loads and that computes the same (inputs and rank-4 outputs transposed to and from
 * NHWC). Agreement is to 1e-4 of the output scale: three implementations, float rounding apart.
 */
final class Oracles {
    private Oracles() {}

    static void checkEverywhere(Graph pruned, Map<String, TensorData> input) {
        Verifier.verify(pruned);
        List<float[]> nativeOut = SmallGraphs.run(pruned, input);
        double scale = SmallGraphs.scale(nativeOut);

        Map<String, float[]> feeds = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        input.forEach((k, v) -> {
            feeds.put(k, v.floats());
            shapes.put(k, v.shape().toLongArray());
        });
        List<float[]> ort = new ArrayList<>();
        try (OrtOracle o = OrtOracle.load(OnnxWriter.write(pruned))) {
            for (OrtOracle.Output out : o.run(feeds, shapes)) {
                ort.add(out.data());
            }
        }
        assertThat(SmallGraphs.maxDiff(nativeOut, ort)).as("ONNX Runtime vs native runtime")
                .isLessThanOrEqualTo(1e-4 * scale);

        Graph nhwc = pruned.copy();
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(nhwc, PassContext.defaults());
        List<float[]> tflite = new ArrayList<>();
        try (TfliteOracle o = TfliteOracle.load(TfliteWriter.write(nhwc))) {
            Object[] in = new Object[pruned.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                TensorData d = input.get(pruned.inputs().get(i).name());
                in[i] = d.shape().rank() == 4 ? d.nchwToNhwcFloats().floats() : d.floats();
            }
            List<TfliteOracle.Tensor> outs = o.run(in);
            for (int i = 0; i < outs.size(); i++) {
                Value v = pruned.outputs().get(i);
                float[] data = outs.get(i).floats();
                tflite.add(v.type().rank() == 4 ? toNchw(data, v.shape().toIntArray()) : data);
            }
        }
        assertThat(SmallGraphs.maxDiff(nativeOut, tflite)).as("TFLite interpreter vs native runtime")
                .isLessThanOrEqualTo(1e-4 * scale);
    }

    static float[] toNchw(float[] x, int[] nchw) {
        int c = nchw[1];
        int hw = nchw[2] * nchw[3];
        float[] out = new float[x.length];
        for (int n = 0; n < nchw[0]; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    out[(n * c + ch) * hw + p] = x[(n * hw + p) * c + ch];
                }
            }
        }
        return out;
    }
}
