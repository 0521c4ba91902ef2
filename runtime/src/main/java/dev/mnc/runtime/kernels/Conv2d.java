package dev.mnc.runtime.kernels;

/**
 * General 2-D convolution (any kernel, stride, dilation, padding, groups) as im2col plus
 * {@link Gemm}: a block of output pixels gathers its input patches into a scratch matrix
 * [pixels][kh*kw*I/g] (zeros where the window hangs over the padding) and multiplies it with the
 * group's packed weights [kh*kw*I/g][O/g]. A 1x1 stride-1 unpadded conv skips the gather: its
 * input already is that matrix ({@link #pointwise}).
 *
 * <p>Weights are packed once at load by {@link #packWeights}: from OHWI [O][kh][kw][I/g] to one
 * [kh*kw*I/g][O/g] matrix per group, a row array per k, as {@link Gemm} wants.
 */
public final class Conv2d {
    private Conv2d() {}

    /** Output pixels per im2col block: the scratch holds {@code BLOCK * patchSize} floats. */
    public static final int BLOCK = 64;

    /** OHWI weights [O][kh][kw][I/g] to one {@link Gemm.Packed} [(ky*kw+kx)*I/g + i][O/g] per group. */
    public static Gemm.Packed[] packWeights(float[] w, int wOff, int outC, int kh, int kw, int inPerGroup, int group) {
        int og = outC / group;
        int k = kh * kw * inPerGroup;
        Gemm.Packed[] packed = new Gemm.Packed[group];
        for (int g = 0; g < group; g++) {
            float[][] rows = new float[k][og];
            for (int oo = 0; oo < og; oo++) {
                int o = g * og + oo;
                for (int t = 0; t < k; t++) {
                    rows[t][oo] = w[wOff + o * k + t];
                }
            }
            packed[g] = new Gemm.Packed(k, og, rows);
        }
        return packed;
    }

    /** The GEMM schedule {@link #run} uses for {@code g}: made once per op, not per call. */
    public static Gemm.Params gemmParams(ConvGeometry g, Activation act) {
        return Gemm.Params.of(g.patchSize(), g.outC(), act, g.outPixels(), g.patchSize(), g.outPerGroup());
    }

    /** The GEMM schedule of {@link #pointwise}. */
    public static Gemm.Params pointwiseParams(int inC, int outC, int pixels, Activation act) {
        return Gemm.Params.of(inC, outC, act, pixels, inC, outC);
    }

    /** im2col floats one thread needs for {@link #run} (none with the transposed schedule). */
    public static int patchScratchSize(ConvGeometry g, Gemm.Params gp) {
        return gp.transposed() ? 0 : BLOCK * g.patchSize();
    }

    /**
     * Computes output pixels [p0, p1) (counted over batch, rows and columns) of every channel.
     *
     * @param bias [O] at {@code biasOff}, or null
     * @param patches im2col scratch of {@link #patchScratchSize}; {@code s} the GEMM scratch
     */
    public static void run(ConvGeometry g, Gemm.Params gp, float[] x, int xOff, Gemm.Packed[] packed, float[] bias,
            int biasOff, float[] y, int yOff, int p0, int p1, float[] patches, Gemm.Scratch s) {
        int k = g.patchSize();
        int og = g.outPerGroup();
        if (gp.transposed()) {
            // Narrow outputs (the 3-channel stem's 32): gather patches straight into A^T.
            for (int pb = p0; pb < p1; pb += Gemm.ROW_BLOCK) {
                int len = Math.min(Gemm.ROW_BLOCK, p1 - pb);
                for (int grp = 0; grp < g.group(); grp++) {
                    im2colTransposed(g, grp, x, xOff, pb, len, s.at);
                    Gemm.transposedBlock(gp, packed[grp], bias, biasOff + grp * og, y, yOff + grp * og, pb, len, s);
                }
            }
            return;
        }
        for (int pb = p0; pb < p1; pb += BLOCK) {
            int pe = Math.min(p1, pb + BLOCK);
            for (int grp = 0; grp < g.group(); grp++) {
                im2col(g, grp, x, xOff, pb, pe, patches);
                Gemm.run(gp, patches, -pb * k, packed[grp], bias, biasOff + grp * og, y, yOff + grp * og, pb, pe, 0,
                        og, s);
            }
        }
    }

    /**
     * A 1x1, stride 1, unpadded, ungrouped conv: Y[p][o] = act(b[o] + sum_i X[p][i] * W[i][o]) over
     * pixels [p0, p1), reading the input in place.
     */
    public static void pointwise(Gemm.Params gp, float[] x, int xOff, Gemm.Packed packed, float[] bias, int biasOff,
            float[] y, int yOff, int p0, int p1, Gemm.Scratch s) {
        Gemm.run(gp, x, xOff, packed, bias, biasOff, y, yOff, p0, p1, 0, packed.n(), s);
    }

    /**
     * Gathers the patches of pixels [pb, pb+len) for group {@code grp} as columns: at[k][pixel - pb].
     * Row k of {@code at} (one tap, one channel) is filled along the pixels a stretch of one output
     * row at a time, where the tap's input row is fixed and its columns step by the stride: zeros
     * where the tap falls in the padding, a strided copy between. (Pixel by pixel, each pixel wrote
     * one element into each of k rows and worked out its coordinates and bounds again: for a first
     * layer's 3x3x3 patches that took 3x the time of the product.)
     */
    static void im2colTransposed(ConvGeometry g, int grp, float[] x, int xOff, int pb, int len, float[][] at) {
        int ig = g.inPerGroup();
        int inC = g.inC();
        int ow = g.outW();
        int sx = g.sx();
        for (int ky = 0; ky < g.kh(); ky++) {
            int tapY = ky * g.dy() - g.padTop();
            for (int kx = 0; kx < g.kw(); kx++) {
                int tapX = kx * g.dx() - g.padLeft();
                // Output columns [lo, hi) read input columns inside [0, inW).
                int lo = Taps.columnsFrom(g, kx);
                int hi = Taps.columnsTo(g, kx);
                for (int i = 0; i < ig; i++) {
                    float[] row = at[(ky * g.kw() + kx) * ig + i];
                    int p = pb;
                    for (int r = 0; r < len; ) {
                        int n = p / (g.outH() * ow);
                        int oy = p / ow % g.outH();
                        int ox = p % ow;
                        int seg = Math.min(len - r, ow - ox);
                        int iy = oy * g.sy() + tapY;
                        int a = Math.max(ox, lo);
                        int b = Math.min(ox + seg, hi);
                        if (iy < 0 || iy >= g.inH() || a >= b) {
                            java.util.Arrays.fill(row, r, r + seg, 0f);
                        } else {
                            int src = xOff + ((n * g.inH() + iy) * g.inW() + tapX) * inC + grp * ig + i;
                            java.util.Arrays.fill(row, r, r + a - ox, 0f);
                            for (int o = a, d = r + a - ox; o < b; o++, d++) {
                                row[d] = x[src + o * sx * inC];
                            }
                            java.util.Arrays.fill(row, r + b - ox, r + seg, 0f);
                        }
                        r += seg;
                        p += seg;
                    }
                }
            }
        }
    }

    /** Gathers the patches of pixels [pb, pe) for group {@code grp} into rows of {@code dst}. */
    static void im2col(ConvGeometry g, int grp, float[] x, int xOff, int pb, int pe, float[] dst) {
        int ig = g.inPerGroup();
        int perImage = g.outH() * g.outW();
        int d = 0;
        for (int p = pb; p < pe; p++) {
            int n = p / perImage;
            int oy = p % perImage / g.outW();
            int ox = p % g.outW();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, d += ig) {
                    int src = g.tapOffset(n, oy, ox, ky, kx);
                    if (src < 0) {
                        java.util.Arrays.fill(dst, d, d + ig, 0f);
                    } else if (ig < 8) {
                        for (int i = 0; i < ig; i++) {
                            dst[d + i] = x[xOff + src + grp * ig + i];
                        }
                    } else {
                        System.arraycopy(x, xOff + src + grp * ig, dst, d, ig);
                    }
                }
            }
        }
    }
}
