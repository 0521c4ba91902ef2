package dev.mnc.runtime.kernels;

/**
 * 2-D transposed convolution, group 1, computed by gathering: output pixel (oy, ox) receives
 * x[iy, ix, :] * W[ky, kx][:, :] from every tap with oy = iy*sy - padTop + ky*dy (and likewise in
 * x). Gathering rather than scattering keeps output rows independent, so rows can be split across
 * threads. Weights are packed at load from [O][kh][kw][I] to one row array per (tap, input
 * channel), [kh*kw*I][O], and each contribution is an {@link Gemm#axpy} of such a row into an
 * accumulator that starts at index 0 (the shape C2 vectorizes), clamped by the fused activation
 * and copied to the output at the end.
 */
public final class ConvTranspose2d {
    private ConvTranspose2d() {}

    /** [O][kh][kw][I] to rows[t*I + i][o]. */
    public static float[][] packWeights(float[] w, int wOff, int outC, int kh, int kw, int inC) {
        int taps = kh * kw;
        float[][] rows = new float[taps * inC][outC];
        for (int o = 0; o < outC; o++) {
            for (int t = 0; t < taps; t++) {
                for (int i = 0; i < inC; i++) {
                    rows[t * inC + i][o] = w[wOff + (o * taps + t) * inC + i];
                }
            }
        }
        return rows;
    }

    /** Computes output rows [r0, r1), counted over batch and height: y = act(bias + the taps' contributions). */
    public static void run(ConvGeometry g, Activation act, float[] x, int xOff, float[][] rows, float[] bias,
            int biasOff, float[] y, int yOff, int r0, int r1, float[] acc) {
        int inC = g.inC();
        int outC = g.outC();
        for (int r = r0; r < r1; r++) {
            int n = r / g.outH();
            int oy = r % g.outH();
            for (int ox = 0; ox < g.outW(); ox++) {
                int yo = yOff + (r * g.outW() + ox) * outC;
                if (bias == null) {
                    java.util.Arrays.fill(acc, 0, outC, 0f);
                } else {
                    System.arraycopy(bias, biasOff, acc, 0, outC);
                }
                for (int ky = 0; ky < g.kh(); ky++) {
                    int ty = oy + g.padTop() - ky * g.dy();
                    if (ty < 0 || ty % g.sy() != 0 || ty / g.sy() >= g.inH()) {
                        continue;
                    }
                    int iy = ty / g.sy();
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int tx = ox + g.padLeft() - kx * g.dx();
                        if (tx < 0 || tx % g.sx() != 0 || tx / g.sx() >= g.inW()) {
                            continue;
                        }
                        int ix = tx / g.sx();
                        int xo = xOff + ((n * g.inH() + iy) * g.inW() + ix) * inC;
                        int t = (ky * g.kw() + kx) * inC;
                        for (int i = 0; i < inC; i++) {
                            Gemm.axpy(acc, x[xo + i], rows[t + i], 0, outC);
                        }
                    }
                }
                act.apply(acc, 0, outC);
                System.arraycopy(acc, 0, y, yo, outC);
            }
        }
    }
}
