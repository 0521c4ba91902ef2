package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.Pool2d;
import dev.mnc.runtime.kernels.Taps;

/**
 * int8 average and max pooling over NHWC windows, with the input's quantization (TFLite requires the
 * output's to be the same). The average sums the raw int8 values of the taps inside the input and
 * divides by their count rounding half away from zero, as TFLite's integer AVERAGE_POOL_2D:
 * (sum + count/2) / count for a positive sum, (sum - count/2) / count otherwise (C division). With
 * {@code countIncludePad} every padded tap adds the zero point (the real value 0) and the divisor is
 * the whole window clipped to the padded input, which is what a zero-point PAD followed by a VALID
 * pool computes. A max ignores padded taps. Sums stay below 2^31 for windows under 2^23 taps.
 */
public final class PoolQ8 {
    private PoolQ8() {}

    /**
     * Max ({@code max}) or average pooling of output rows [r0, r1), counted over batch and height,
     * through {@code acc}, scratch of C ints; {@code zeroPoint} is the input's. A max window
     * entirely in the padding yields -128.
     */
    public static void run(Pool2d.Params p, boolean max, int zeroPoint, byte[] x, int xOff, byte[] y, int yOff,
            int[] acc, int r0, int r1) {
        int c = p.c();
        for (int r = r0; r < r1; r++) {
            int n = r / p.outH();
            int oy = r % p.outH();
            int yb = oy * p.sy() - p.padTop();
            int ky0 = Taps.first(yb, 1);
            int ky1 = Taps.end(yb, 1, p.inH(), p.kh());
            for (int ox = 0; ox < p.outW(); ox++) {
                int xb = ox * p.sx() - p.padLeft();
                int kx0 = Taps.first(xb, 1);
                int kx1 = Taps.end(xb, 1, p.inW(), p.kw());
                java.util.Arrays.fill(acc, 0, c, max ? Byte.MIN_VALUE : 0);
                for (int ky = ky0; ky < ky1; ky++) {
                    for (int kx = kx0; kx < kx1; kx++) {
                        int xo = xOff + ((n * p.inH() + yb + ky) * p.inW() + xb + kx) * c;
                        if (max) {
                            for (int i = 0; i < c; i++) {
                                acc[i] = Math.max(acc[i], x[xo + i]);
                            }
                        } else {
                            for (int i = 0; i < c; i++) {
                                acc[i] += x[xo + i];
                            }
                        }
                    }
                }
                int yo = yOff + (r * p.outW() + ox) * c;
                if (max) {
                    for (int i = 0; i < c; i++) {
                        y[yo + i] = (byte) acc[i];
                    }
                    continue;
                }
                int inside = Math.max(0, ky1 - ky0) * Math.max(0, kx1 - kx0);
                int count = p.countIncludePad() ? p.paddedCount(yb, xb) : inside;
                int padAdd = (count - inside) * zeroPoint;
                for (int i = 0; i < c; i++) {
                    int s = acc[i] + padAdd;
                    int v = count == 0 ? zeroPoint
                            : s > 0 ? (s + count / 2) / count : (s - count / 2) / count;
                    y[yo + i] = (byte) Math.min(Math.max(v, -128), 127);
                }
            }
        }
    }
}
