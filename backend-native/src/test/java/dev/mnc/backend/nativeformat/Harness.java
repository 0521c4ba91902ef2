package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Value;
import dev.mnc.ir.text.IrParser;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.SessionOptions;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** IR text to compiled model to a run, checked against {@link ReferenceInterpreter} on seeded random inputs. */
final class Harness {
    private Harness() {}

    static Model load(Graph g) throws Exception {
        return Model.load(ByteBuffer.wrap(NativeCompiler.compile(g)), g.name());
    }

    /** Random inputs for every graph input: floats in [-2, 2], integers in [0, 4). */
    static Map<String, ReferenceInterpreter.T> randomInputs(Graph g, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, ReferenceInterpreter.T> m = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            int[] s = v.shape().toIntArray();
            int n = Math.toIntExact(v.shape().numElements());
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = v.dtype().isFloat() ? (float) (r.nextDouble() * 4 - 2) : r.nextInt(4);
            }
            m.put(v.name(), new ReferenceInterpreter.T(v.dtype(), s, a));
        }
        return m;
    }

    static Tensor toTensor(ReferenceInterpreter.T t) {
        int n = t.v().length;
        return switch (t.dtype()) {
            case F32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) t.v()[i];
                }
                yield Tensor.ofFloats(t.shape(), a);
            }
            case I32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) t.v()[i];
                }
                yield Tensor.ofInts(t.shape(), a);
            }
            case I64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (long) t.v()[i];
                }
                yield Tensor.ofLongs(t.shape(), a);
            }
            case I16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) t.v()[i];
                }
                yield Tensor.ofShorts(t.shape(), a);
            }
            default -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (long) t.v()[i];
                }
                yield Tensor.ofBytes(DType.valueOf(t.dtype().name()), t.shape(), a);
            }
        };
    }

    static double get(Tensor t, int i) {
        return switch (t.dtype()) {
            case F32 -> t.floats()[i];
            case I32 -> t.ints()[i];
            case I64 -> t.longs()[i];
            case I16 -> t.shorts()[i];
            case U8 -> t.bytes()[i] & 0xff;
            default -> t.bytes()[i];
        };
    }

    /** Compiles and runs {@code irText} and compares every output with the reference. */
    static void check(String irText) throws Exception {
        check(IrParser.parse(irText), 1);
    }

    static void check(Graph g, int threads) throws Exception {
        Map<String, ReferenceInterpreter.T> in = randomInputs(g, 42);
        Map<String, ReferenceInterpreter.T> want = ReferenceInterpreter.run(g, in);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        in.forEach((k, v) -> feeds.put(k, toTensor(v)));
        Map<String, Tensor> got;
        try (Model m = load(g); Session s = m.newSession(new SessionOptions(threads))) {
            got = s.run(feeds);
        }
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        for (var e : want.entrySet()) {
            Tensor t = got.get(e.getKey());
            ReferenceInterpreter.T r = e.getValue();
            assertThat(t.shape()).as(e.getKey()).containsExactly(r.shape());
            assertThat(t.dtype().name()).as(e.getKey()).isEqualTo(r.dtype().name());
            double max = 0;
            for (double v : r.v()) {
                max = Math.max(max, Math.abs(v));
            }
            double tol = r.dtype() == dev.mnc.ir.DType.F32 ? 2e-5 * (1 + max) : 0;
            for (int i = 0; i < r.v().length; i++) {
                double a = get(t, i);
                double b = r.v()[i];
                if (!(Math.abs(a - b) <= tol) && !(Double.isNaN(a) && Double.isNaN(b)) && a != b) {
                    throw new AssertionError(e.getKey() + "[" + i + "] = " + a + ", reference " + b + " (tolerance "
                            + tol + ")");
                }
            }
        }
    }
}
