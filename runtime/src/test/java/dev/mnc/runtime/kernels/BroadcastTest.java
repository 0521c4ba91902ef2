package dev.mnc.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broadcast binary ops against index-by-index numpy broadcasting, for each fast path and odd shapes. */
class BroadcastTest {

    static int[] parse(String s) {
        return s.isEmpty() ? new int[0] : java.util.Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest(name = "{0} op {1}")
    @CsvSource({"2x5x3x17,2x5x3x17", "2x5x3x17,17", "2x5x3x17,''", "'',2x5x3x17", "2x5x3x17,2x1x1x17",
            "2x1x3x1,1x4x1x5", "7,3x1", "1x1,1", "3x1x33,3x7x1", "1x16x1x1,1x1x8x1"})
    void matchesNumpyBroadcasting(String as, String bs) {
        int[] a = parse(as);
        int[] b = parse(bs);
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            out[i] = Math.max(da, db);
        }
        SplittableRandom r = new SplittableRandom(7);
        float[] x = ConvKernelsTest.random(r, size(a) + 3);
        float[] y = ConvKernelsTest.random(r, size(b) + 5);
        int n = size(out);
        for (int kind = 0; kind < 4; kind++) {
            float[] got = new float[n + 2];
            Broadcast.Plan p = Broadcast.plan(a, b, out);
            Broadcast.run(p, kind, Activation.NONE, x, 3, y, 5, got, 2, 0, p.rows());
            for (int i = 0; i < n; i++) {
                int[] idx = new int[rank];
                int rem = i;
                for (int d = rank - 1; d >= 0; d--) {
                    idx[d] = rem % out[d];
                    rem /= out[d];
                }
                float av = x[3 + flat(a, idx)];
                float bv = y[5 + flat(b, idx)];
                float want = switch (kind) {
                    case Broadcast.ADD -> av + bv;
                    case Broadcast.SUB -> av - bv;
                    case Broadcast.MUL -> av * bv;
                    default -> av / bv;
                };
                assertThat(got[2 + i]).as("kind %d element %d", kind, i).isEqualTo(want);
            }
        }
    }

    static int size(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    static int flat(int[] shape, int[] outIdx) {
        int o = 0;
        int off = outIdx.length - shape.length;
        for (int d = 0; d < shape.length; d++) {
            o = o * shape[d] + (shape[d] == 1 ? 0 : outIdx[d + off]);
        }
        return o;
    }
}
