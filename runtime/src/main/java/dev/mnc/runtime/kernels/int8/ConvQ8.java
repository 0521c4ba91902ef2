package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;

/**
 * int8 2-D convolution (any kernel, stride, dilation, padding, groups) as im2col plus
 * {@link GemmQ8}, the integer twin of the float {@link dev.mnc.runtime.kernels.Conv2d}: a block of
 * output pixels gathers its input patches into scratch rows [pixels][kh*kw*I/g] and multiplies
 * them with the group's packed weights. A tap in the padding is stored as the input zero point,
 * so that it adds (Z + inputOffset) * w = 0, which is exactly TFLite's "skip the padding" and its
 * zero-point padding alike. A 1x1 stride-1 unpadded conv reads its input in place
 * ({@link #pointwise}).
 *
 * <p>TFLite runs these convolutions as an im2col and a ruy matrix product whose x86 output stage
 * rounds ties up, so the {@link ConvParams} built for them use half-up rounding on every channel.
 */
public final class ConvQ8 {
    private ConvQ8() {}

    /** Output pixels per im2col block (a multiple of {@link GemmQ8#TILE_ROWS}). */
    public static final int BLOCK = 96;

    /** OHWI weights [O][kh][kw][I/g] to one {@link GemmQ8.Packed} [(ky*kw+kx)*I/g + i][O/g] per group. */
    public static GemmQ8.Packed[] packWeights(byte[] w, int outC, int kh, int kw, int inPerGroup, int group) {
        int og = outC / group;
        int k = kh * kw * inPerGroup;
        GemmQ8.Packed[] packed = new GemmQ8.Packed[group];
        for (int g = 0; g < group; g++) {
            packed[g] = GemmQ8.Packed.ofOutputRows(w, g * og * k, k, og);
        }
        return packed;
    }

    /** Whether {@link #run} uses the transposed GEMM schedule for {@code g} with kernels {@code k}. */
    public static boolean transposed(Int8Kernels k, ConvGeometry g) {
        return k.transposes(g.outPixels(), g.patchSize(), g.outPerGroup());
    }

    /** im2col bytes one thread needs for {@link #run} (none with the transposed schedule). */
    public static int patchScratchSize(Int8Kernels k, ConvGeometry g) {
        return transposed(k, g) ? 0 : BLOCK * g.patchSize();
    }

    /**
     * Computes output pixels [p0, p1) (counted over batch, rows and columns) of every channel.
     *
     * @param bias [O] at {@code biasOff}, or null
     * @param patches im2col scratch of {@link #patchScratchSize}; {@code s} the GEMM scratch
     */
    public static void run(Int8Kernels kernels, ConvGeometry g, ConvParams p, byte[] x, int xOff,
            GemmQ8.Packed[] packed, int[] bias, int biasOff, byte[] y, int yOff, int p0, int p1, byte[] patches,
            GemmQ8.Scratch s) {
        int k = g.patchSize();
        int og = g.outPerGroup();
        int oc = g.outC();
        if (transposed(kernels, g)) {
            for (int pb = p0; pb < p1; pb += GemmQ8.ROW_BLOCK) {
                int len = Math.min(GemmQ8.ROW_BLOCK, p1 - pb);
                for (int grp = 0; grp < g.group(); grp++) {
                    im2colTransposed(g, p.inputOffset(), grp, x, xOff, pb, len, s.at);
                    GemmQ8.transposedBlock(p, packed[grp], bias, biasOff + grp * og, y, yOff + grp * og, oc, grp * og,
                            pb, len, s);
                }
            }
            return;
        }
        byte pad = (byte) -p.inputOffset();
        for (int pb = p0; pb < p1; pb += BLOCK) {
            int pe = Math.min(p1, pb + BLOCK);
            for (int grp = 0; grp < g.group(); grp++) {
                im2col(g, pad, grp, x, xOff, pb, pe, patches);
                kernels.gemm(p, patches, -pb * k, k, packed[grp], bias, biasOff + grp * og, y, yOff + grp * og, oc,
                        grp * og, pb, pe, s);
            }
        }
    }

    /** A 1x1, stride 1, unpadded, ungrouped conv over pixels [p0, p1), reading the input in place. */
    public static void pointwise(Int8Kernels kernels, ConvGeometry g, ConvParams p, byte[] x, int xOff,
            GemmQ8.Packed packed, int[] bias, int biasOff, byte[] y, int yOff, int p0, int p1, GemmQ8.Scratch s) {
        kernels.gemm(p, x, xOff, g.inC(), packed, bias, biasOff, y, yOff, g.outC(), 0, p0, p1, s);
    }

    /** Gathers (x + inputOffset) of pixels [pb, pb+len) for group {@code grp} as columns: at[k][pixel - pb]. */
    static void im2colTransposed(ConvGeometry g, int inputOffset, int grp, byte[] x, int xOff, int pb, int len,
            float[][] at) {
        int ig = g.inPerGroup();
        int perImage = g.outH() * g.outW();
        for (int r = 0; r < len; r++) {
            int pix = pb + r;
            int n = pix / perImage;
            int oy = pix % perImage / g.outW();
            int ox = pix % g.outW();
            int t = 0;
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, t += ig) {
                    int src = g.tapOffset(n, oy, ox, ky, kx);
                    for (int i = 0; i < ig; i++) {
                        at[t + i][r] = src < 0 ? 0 : x[xOff + src + grp * ig + i] + inputOffset;
                    }
                }
            }
        }
    }

    /** Gathers the patches of pixels [pb, pe) for group {@code grp} into rows of {@code dst}, padding with {@code pad}. */
    static void im2col(ConvGeometry g, byte pad, int grp, byte[] x, int xOff, int pb, int pe, byte[] dst) {
        int ig = g.inPerGroup();
        int perImage = g.outH() * g.outW();
        int d = 0;
        for (int pix = pb; pix < pe; pix++) {
            int n = pix / perImage;
            int oy = pix % perImage / g.outW();
            int ox = pix % g.outW();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, d += ig) {
                    int src = g.tapOffset(n, oy, ox, ky, kx);
                    if (src < 0) {
                        java.util.Arrays.fill(dst, d, d + ig, pad);
                    } else {
                        System.arraycopy(x, xOff + src + grp * ig, dst, d, ig);
                    }
                }
            }
        }
    }
}
