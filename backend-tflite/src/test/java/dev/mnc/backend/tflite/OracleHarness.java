package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Value;
import dev.mnc.ir.text.IrParser;
import dev.mnc.testdata.OnnxModelBuilder;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.TfliteOracle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs an NHWC IR graph written as TFLite through the TFLite interpreter and its NCHW ONNX
 * equivalent through ONNX Runtime on the same random inputs, and compares. Inputs and outputs
 * with an NHWC layout are transposed to NCHW for ONNX Runtime and back; weights are converted by
 * the test's ONNX builder with {@link #oihw} and friends.
 */
final class OracleHarness {
    /** Max abs difference allowed, relative to the largest expected magnitude. */
    static final double TOLERANCE = 1e-5;

    private OracleHarness() {}

    /** The result of one comparison, for tests that want to look further. */
    record Result(Graph graph, byte[] tflite, List<float[]> tfliteOutputs, List<float[]> ortOutputs) {}

    /**
     * Parses {@code ir}, writes it, runs both sides on random inputs in [-2, 2) and asserts every
     * output agrees within {@link #TOLERANCE}.
     *
     * @param onnx builds the equivalent NCHW ONNX model (same input and output names) from the graph
     */
    static Result check(String ir, Function<Graph, OnnxModelBuilder> onnx) {
        Graph g = IrParser.parse(ir);
        byte[] model = TfliteWriter.write(g);
        Map<String, float[]> nhwc = new LinkedHashMap<>();
        Map<String, float[]> nchw = new LinkedHashMap<>();
        Map<String, long[]> nchwShapes = new LinkedHashMap<>();
        long seed = 7;
        for (Value in : g.inputs()) {
            int[] s = in.shape().toIntArray();
            float[] data = random(Math.toIntExact(in.shape().numElements()), seed++, -2, 2);
            nhwc.put(in.name(), data);
            if (in.type().layout() == Layout.NHWC) {
                nchw.put(in.name(), nhwcToNchw(data, s));
                nchwShapes.put(in.name(), new long[] {s[0], s[3], s[1], s[2]});
            } else {
                nchw.put(in.name(), data);
                nchwShapes.put(in.name(), in.shape().toLongArray());
            }
        }
        List<TfliteOracle.Tensor> tfl = TfliteOracle.run(model, nhwc.values().toArray());
        List<OrtOracle.Output> ort = OrtOracle.run(onnx.apply(g).build(), nchw, nchwShapes);
        assertThat(tfl).hasSameSizeAs(g.outputs());
        assertThat(ort).hasSameSizeAs(g.outputs());
        List<float[]> actual = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            Value out = g.outputs().get(i);
            int[] s = out.shape().toIntArray();
            assertThat(tfl.get(i).shape()).as("TFLite shape of %s", out.name()).containsExactly(s);
            float[] e = ort.get(i).data();
            if (out.type().layout() == Layout.NHWC) {
                e = nchwToNhwc(e, new int[] {s[0], s[3], s[1], s[2]});
            }
            TfliteOracle.Tensor t = tfl.get(i);
            float[] a = t.type() == TfliteOracle.Type.FLOAT32 ? t.floats() : toFloats(t.ints());
            assertClose(a, e, out.name());
            actual.add(a);
            expected.add(e);
        }
        return new Result(g, model, actual, expected);
    }

    /** Asserts max |a - e| <= TOLERANCE * max(|e|, tiny), naming the worst element. */
    static void assertClose(float[] a, float[] e, String what) {
        assertThat(a.length).as("%s: element count", what).isEqualTo(e.length);
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - e[i]);
            if (!(d <= worst) || Double.isNaN(d)) {
                worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                at = i;
            }
        }
        double limit = TOLERANCE * Math.max(scale, 1e-6);
        assertThat(worst).as("%s: max abs diff %s at %d (TFLite %s, ONNX Runtime %s), limit %s", what, worst, at,
                at < 0 ? "-" : a[at], at < 0 ? "-" : e[at], limit).isLessThanOrEqualTo(limit);
        assertThat(scale).as("%s: the expected output is all zeros, which proves little", what).isGreaterThan(0);
    }

    private static float[] toFloats(int[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    static float[] random(int n, long seed, float min, float max) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (min + (max - min) * r.nextDouble());
        }
        return out;
    }

    /** [N,H,W,C] to [N,C,H,W]. */
    static float[] nhwcToNchw(float[] d, int[] s) {
        int n = s[0];
        int h = s[1];
        int w = s[2];
        int c = s[3];
        float[] out = new float[d.length];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        out[((b * c + k) * h + y) * w + x] = d[((b * h + y) * w + x) * c + k];
                    }
                }
            }
        }
        return out;
    }

    /** [N,C,H,W] to [N,H,W,C]. */
    static float[] nchwToNhwc(float[] d, int[] s) {
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        float[] out = new float[d.length];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[((b * h + y) * w + x) * c + k] = d[((b * c + k) * h + y) * w + x];
                    }
                }
            }
        }
        return out;
    }

    /** A new opset-13 ONNX model builder with a float input of the given (NCHW) dims. */
    static OnnxModelBuilder onnx(String input, long... dims) {
        return floatInput(new OnnxModelBuilder(13), input, dims);
    }

    /** Adds a float input of static dims (the builder's varargs would read a leading int as a type). */
    static OnnxModelBuilder floatInput(OnnxModelBuilder b, String name, long... dims) {
        Object[] boxed = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            boxed[i] = dims[i];
        }
        return b.input(name, boxed);
    }

    /** The float data of constant {@code name} of {@code g}. */
    static float[] floats(Graph g, String name) {
        return g.value(name).orElseThrow().data().toFloats();
    }

    /** Dims of constant {@code name} as longs. */
    static long[] dims(Graph g, String name) {
        return g.value(name).orElseThrow().shape().toLongArray();
    }

    /** An NHWC conv filter [O,kh,kw,I] as ONNX's [O,I,kh,kw], added as initializer {@code name}. */
    static OnnxModelBuilder oihw(OnnxModelBuilder b, Graph g, String name) {
        float[] w = floats(g, name);
        long[] s = dims(g, name);
        int o = (int) s[0];
        int kh = (int) s[1];
        int kw = (int) s[2];
        int ci = (int) s[3];
        float[] out = new float[w.length];
        for (int a = 0; a < o; a++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < ci; i++) {
                        out[((a * ci + i) * kh + y) * kw + x] = w[((a * kh + y) * kw + x) * ci + i];
                    }
                }
            }
        }
        return b.initializer(name, out, o, ci, kh, kw);
    }

    /** An NHWC transposed-conv filter [O,kh,kw,I] as ONNX's [I,O,kh,kw], added as initializer {@code name}. */
    static OnnxModelBuilder iohw(OnnxModelBuilder b, Graph g, String name) {
        float[] w = floats(g, name);
        long[] s = dims(g, name);
        int o = (int) s[0];
        int kh = (int) s[1];
        int kw = (int) s[2];
        int ci = (int) s[3];
        float[] out = new float[w.length];
        for (int a = 0; a < o; a++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < ci; i++) {
                        out[((i * o + a) * kh + y) * kw + x] = w[((a * kh + y) * kw + x) * ci + i];
                    }
                }
            }
        }
        return b.initializer(name, out, ci, o, kh, kw);
    }

    /** Constant {@code name} as an ONNX initializer of the same shape and data. */
    static OnnxModelBuilder same(OnnxModelBuilder b, Graph g, String name) {
        return b.initializer(name, floats(g, name), dims(g, name));
    }
}
