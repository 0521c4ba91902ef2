package dev.mnc.runtime.kernels;

/**
 * 2-D transposed convolution, group 1, computed by gathering: output pixel (oy, ox) receives
 * x[iy, ix, :] * W[ky, kx][:, :] from every tap with oy = iy*sy - padTop + ky*dy (and likewise in
 * x). Gathering rather than scattering keeps output rows independent, so rows can be split across
 * threads. Weights are packed at load from [O][kh][kw][I] to [kh*kw][I][O] so each contribution is
 * a run of {@link Gemm#axpy} over contiguous output channels.
 */
public final class ConvTranspose2d {
    private ConvTranspose2d() {}

    /** [O][kh][kw][I] to [kh*kw][I][O]. */
    public static float[] packWeights(float[] w, int wOff, int outC, int kh, int kw, int inC) {
        int taps = kh * kw;
        float[] packed = new float[outC * taps * inC];
        for (int o = 0; o < outC; o++) {
            for (int t = 0; t < taps; t++) {
                for (int i = 0; i < inC; i++) {
                    packed[(t * inC + i) * outC + o] = w[wOff + (o * taps + t) * inC + i];
                }
            }
        }
        return packed;
    }

    /** Computes output rows [r0, r1), counted over batch and height. */
    public static void run(ConvGeometry g, float[] x, int xOff, float[] packed, float[] bias, int biasOff, float[] y,
            int yOff, int r0, int r1) {
        int inC = g.inC();
        int outC = g.outC();
        for (int r = r0; r < r1; r++) {
            int n = r / g.outH();
            int oy = r % g.outH();
            for (int ox = 0; ox < g.outW(); ox++) {
                int yo = yOff + (r * g.outW() + ox) * outC;
                if (bias == null) {
                    java.util.Arrays.fill(y, yo, yo + outC, 0f);
                } else {
                    System.arraycopy(bias, biasOff, y, yo, outC);
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
                        int wo = (ky * g.kw() + kx) * inC * outC;
                        for (int i = 0; i < inC; i++) {
                            Gemm.axpy(y, yo, x[xo + i], packed, wo + i * outC, outC);
                        }
                    }
                }
            }
        }
    }
}
