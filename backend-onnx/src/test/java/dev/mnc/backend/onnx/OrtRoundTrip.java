package dev.mnc.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Value;
import dev.mnc.testdata.OrtOracle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The writer's oracle: a source model and the model written from its IR run in ONNX Runtime on the
 * same random inputs, and every output must agree to 1e-5 of the output's largest magnitude (at
 * least 1). ONNX Runtime computes both, so this checks that the written file means what the
 * source meant, op by op, whatever the IR passes did in between.
 */
final class OrtRoundTrip {
    static final double TOLERANCE = 1e-5;

    private OrtRoundTrip() {}

    /** Imports {@code source}, writes it back and compares the two in ONNX Runtime; returns the graph. */
    static Graph check(byte[] source, ImportOptions options) {
        Graph g = OnnxImporter.importModel(source, "source.onnx", null, options);
        compare(source, g, OnnxWriter.write(g));
        return g;
    }

    /** Runs {@code source} and {@code written} on the same random inputs (shaped like {@code g}'s) and compares. */
    static void compare(byte[] source, Graph g, byte[] written) {
        SplittableRandom r = new SplittableRandom(11);
        Map<String, float[]> feeds = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Value in : g.inputs()) {
            float[] data = new float[(int) in.shape().numElements()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (r.nextDouble() * 2 - 1);
            }
            feeds.put(in.name(), data);
            shapes.put(in.name(), in.shape().toLongArray());
        }
        List<OrtOracle.Output> want;
        try (OrtOracle o = OrtOracle.load(source)) {
            want = o.run(feeds, shapes);
        }
        List<OrtOracle.Output> got;
        try (OrtOracle o = OrtOracle.load(written)) {
            got = o.run(feeds, shapes);
        }
        assertThat(got).extracting(OrtOracle.Output::name)
                .containsExactlyElementsOf(want.stream().map(OrtOracle.Output::name).toList());
        for (int k = 0; k < want.size(); k++) {
            float[] a = want.get(k).data();
            float[] b = got.get(k).data();
            assertThat(got.get(k).shape()).as("shape of %s", want.get(k).name()).containsExactly(want.get(k).shape());
            double scale = 1;
            for (float v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertThat(worst).as("max |difference| of output %s (scale %s)", want.get(k).name(), scale)
                    .isLessThanOrEqualTo(TOLERANCE * scale);
        }
    }
}
