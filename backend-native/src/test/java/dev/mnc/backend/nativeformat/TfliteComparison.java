package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Value;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.SessionOptions;
import dev.mnc.runtime.Tensor;
import dev.mnc.testdata.TfliteOracle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs one IR graph two ways on the same inputs: written as TFLite and run by the TFLite
 * interpreter with its built-in kernels and no delegate (the oracle), and compiled to .mnc and run
 * by the runtime. Integer outputs are compared element by element in LSBs; float outputs (behind a
 * dequantize) in units of their producer's scale.
 */
final class TfliteComparison {
    private TfliteComparison() {}

    /** How one output compared: element count, how many differ at all, the largest difference in LSB. */
    record Diff(String output, int elements, int differing, long maxLsb) {
        @Override
        public String toString() {
            return output + ": " + differing + " of " + elements + " differ, max " + maxLsb + " LSB";
        }
    }

    /** Random inputs for every graph input: 8-bit values uniform with the two extremes first, floats in [-3, 3). */
    static List<Object> inputs(Graph g, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Object> out = new ArrayList<>();
        for (Value v : g.inputs()) {
            int n = Math.toIntExact(v.shape().numElements());
            switch (v.dtype()) {
                case I8, U8 -> {
                    byte[] b = new byte[n];
                    for (int i = 0; i < n; i++) {
                        b[i] = (byte) r.nextInt(256);
                    }
                    if (n > 1) {
                        b[0] = v.dtype() == dev.mnc.ir.DType.I8 ? (byte) -128 : 0;
                        b[1] = v.dtype() == dev.mnc.ir.DType.I8 ? (byte) 127 : (byte) 255;
                    }
                    out.add(b);
                }
                case F32 -> {
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) {
                        f[i] = (float) (r.nextDouble() * 6 - 3);
                    }
                    out.add(f);
                }
                default -> throw new IllegalArgumentException("input " + v.name() + " is " + v.dtype());
            }
        }
        return out;
    }

    /** Runs both sides on inputs from {@code seed} with {@code threads} runtime threads and returns one diff per output. */
    static List<Diff> compare(Graph g, long seed, int threads) throws Exception {
        byte[] tflite = TfliteWriter.write(g);
        byte[] mnc = NativeCompiler.compile(g);
        List<Object> in = inputs(g, seed);
        List<TfliteOracle.Tensor> want = TfliteOracle.run(tflite, in.toArray());
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < in.size(); i++) {
            Value v = g.inputs().get(i);
            int[] shape = v.shape().toIntArray();
            feeds.put(v.name(), in.get(i) instanceof byte[] b
                    ? Tensor.ofBytes(DType.valueOf(v.dtype().name()), shape, b)
                    : Tensor.ofFloats(shape, (float[]) in.get(i)));
        }
        Map<String, Tensor> got;
        try (Model m = Model.load(ByteBuffer.wrap(mnc), g.name()); Session s = m.newSession(new SessionOptions(threads))) {
            got = s.run(feeds);
        }
        List<Diff> diffs = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            Value v = g.outputs().get(i);
            TfliteOracle.Tensor t = want.get(i);
            Tensor mine = got.get(v.name());
            assertThat(mine.shape()).as("shape of %s", v.name()).containsExactly(t.shape());
            int n = mine.size();
            int differing = 0;
            long max = 0;
            if (mine.dtype() == DType.F32) {
                float[] a = mine.floats();
                float[] b = t.floats();
                double lsb = lsbOf(g, v);
                for (int k = 0; k < n; k++) {
                    long d = Math.round(Math.abs(a[k] - b[k]) / lsb);
                    differing += a[k] != b[k] ? 1 : 0;
                    max = Math.max(max, d);
                }
            } else {
                int[] b = t.ints();
                for (int k = 0; k < n; k++) {
                    int a = mine.dtype() == DType.U8 ? mine.bytes()[k] & 0xff : mine.bytes()[k];
                    long d = Math.abs((long) a - b[k]);
                    differing += d != 0 ? 1 : 0;
                    max = Math.max(max, d);
                }
            }
            diffs.add(new Diff(v.name(), n, differing, max));
        }
        return diffs;
    }

    /** The scale of the quantized tensor a float output was dequantized from. */
    private static double lsbOf(Graph g, Value out) {
        Value src = out.producer() != null ? out.producer().input(0) : out;
        return src.quant() != null ? src.quant().scale() : 1e-6;
    }

    /** Compares and asserts every output within {@code maxLsb}; prints the differing counts under {@code label}. */
    static List<Diff> assertWithin(String label, Graph g, long seed, int maxLsb) throws Exception {
        List<Diff> diffs = compare(g, seed, 1);
        System.out.println(label + " vs TFLite: " + diffs);
        for (Diff d : diffs) {
            assertThat(d.maxLsb()).as("%s of %s", d, label).isLessThanOrEqualTo(maxLsb);
        }
        return diffs;
    }
}
