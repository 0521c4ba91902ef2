package dev.mnc.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every element type's copy path transposes like the index formula, including NCHW to NHWC, with
 * and without {@link Strided#longestInnermost} reordering the axes.
 */
class StridedTest {

    @Test
    void transposesEveryElementTypeLikeTheIndexFormula() {
        int[] shape = {2, 3, 5, 7};
        int[][] perms = {{0, 2, 3, 1}, {0, 3, 1, 2}, {3, 2, 1, 0}, {0, 1, 2, 3}};
        int n = 2 * 3 * 5 * 7;
        SplittableRandom rng = new SplittableRandom(3);
        for (Class<?> type : new Class<?>[] {float.class, byte.class, int.class, short.class}) {
            Object src = Array.newInstance(type, n + 4);
            for (int i = 0; i < n + 4; i++) {
                Array.set(src, i, cast(type, rng.nextInt(-100, 100)));
            }
            for (int[] perm : perms) {
                int[] want = new int[4];
                int[] xs = Strided.strides(shape);
                int[] src4 = new int[4];
                for (int i = 0; i < 4; i++) {
                    want[i] = shape[perm[i]];
                    src4[i] = xs[perm[i]];
                }
                for (boolean reorder : new boolean[] {false, true}) {
                    Object dst = Array.newInstance(type, n + 2);
                    int[] order = want.clone();
                    int[] from4 = src4.clone();
                    int[] to4 = Strided.strides(want);
                    if (reorder) {
                        // As TransposeOp binds it: the longest axis innermost, same elements.
                        Strided.longestInnermost(order, from4, to4);
                    }
                    Strided.copy(src, 4, from4, dst, 2, to4, order, new int[4]);
                    int[] ys = Strided.strides(want);
                    int[] idx = new int[4];
                    for (int flat = 0; flat < n; flat++) {
                        int rem = flat;
                        for (int d = 0; d < 4; d++) {
                            idx[d] = rem / ys[d];
                            rem %= ys[d];
                        }
                        int from = 4;
                        for (int d = 0; d < 4; d++) {
                            from += idx[d] * src4[d];
                        }
                        assertThat(Array.get(dst, 2 + flat)).as("%s perm %s at %d, reordered %s", type,
                                java.util.Arrays.toString(perm), flat, reorder).isEqualTo(Array.get(src, from));
                    }
                }
            }
        }
    }

    private static Object cast(Class<?> type, int v) {
        if (type == float.class) {
            return (float) v;
        } else if (type == byte.class) {
            return (byte) v;
        } else if (type == int.class) {
            return v;
        }
        return (short) v;
    }
}
