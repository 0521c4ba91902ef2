package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Runs small float graphs in the native runtime and makes seeded inputs for them. */
final class Runs {
    private Runs() {}

    /** The first output of single-input float graph {@code g} for input {@code x}. */
    static float[] run(Graph g, float[] x) {
        Value in = g.inputs().get(0);
        try (Model m = Model.load(ByteBuffer.wrap(NativeCompiler.compile(g))); Session s = m.newSession()) {
            return s.run(Map.of(in.name(), Tensor.ofFloats(in.shape().toIntArray(), x))).values().iterator().next()
                    .floats();
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code n} uniform values in [lo, hi). */
    static float[] uniform(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return out;
    }

    /** {@code count} seeded samples for the single input of {@code g}, uniform in [lo, hi). */
    static CalibrationData samples(Graph g, int count, long seed, double lo, double hi) {
        Value in = g.inputs().get(0);
        Shape shape = in.shape();
        int n = (int) shape.numElements();
        List<Map<String, TensorData>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Map.of(in.name(), TensorData.ofFloats(shape, uniform(n, seed * 1000 + i, lo, hi))));
        }
        return CalibrationData.of(out);
    }

    /** The largest |a[i] - b[i]|. */
    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
