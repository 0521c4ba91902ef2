package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.Taps;

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

    /**
     * Gathers (A + inputOffset) for the patches of pixels [pb, pb+len) of group {@code grp} as
     * columns, at[k][pixel - pb], 0 in the padding: the int8 twin of the float
     * {@link dev.mnc.runtime.kernels.Conv2d} gather, a stretch of one output row at a time.
     */
    static void im2colTransposed(ConvGeometry g, int inputOffset, int grp, byte[] x, int xOff, int pb, int len,
            float[][] at) {
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
                                row[d] = x[src + o * sx * inC] + inputOffset;
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

    /**
     * Gathers the patches of pixels [pb, pe) for group {@code grp} into rows of {@code dst}, padding
     * with {@code pad}. The pixel's coordinates are stepped, not divided out per pixel; a kernel row
     * whose taps all lie inside the input and follow each other there (dilation 1, one group) is
     * one copy of kw * C bytes; short copies are loops (an arraycopy call per 3-byte tap of a first
     * layer cost more than the bytes).
     */
    static void im2col(ConvGeometry g, byte pad, int grp, byte[] x, int xOff, int pb, int pe, byte[] dst) {
        int ig = g.inPerGroup();
        int inC = g.inC();
        int kw = g.kw();
        int ow = g.outW();
        int oh = g.outH();
        int rowLen = kw * ig;
        boolean rowRuns = g.dx() == 1 && ig == inC;
        int n = pb / (oh * ow);
        int oy = pb / ow % oh;
        int ox = pb % ow;
        int d = 0;
        for (int pix = pb; pix < pe; pix++) {
            int x0 = ox * g.sx() - g.padLeft();
            boolean columnsInside = x0 >= 0 && x0 + (kw - 1) * g.dx() < g.inW();
            for (int ky = 0; ky < g.kh(); ky++) {
                int iy = oy * g.sy() - g.padTop() + ky * g.dy();
                if (iy < 0 || iy >= g.inH()) {
                    java.util.Arrays.fill(dst, d, d + rowLen, pad);
                    d += rowLen;
                    continue;
                }
                int rowBase = xOff + (n * g.inH() + iy) * g.inW() * inC + grp * ig;
                if (rowRuns && columnsInside) {
                    copy(x, rowBase + x0 * inC, dst, d, rowLen);
                    d += rowLen;
                    continue;
                }
                for (int kx = 0; kx < kw; kx++, d += ig) {
                    int ix = x0 + kx * g.dx();
                    if (ix < 0 || ix >= g.inW()) {
                        java.util.Arrays.fill(dst, d, d + ig, pad);
                    } else {
                        copy(x, rowBase + ix * inC, dst, d, ig);
                    }
                }
            }
            if (++ox == ow) {
                ox = 0;
                if (++oy == oh) {
                    oy = 0;
                    n++;
                }
            }
        }
    }

    private static void copy(byte[] src, int from, byte[] dst, int to, int len) {
        if (len < 16) {
            for (int i = 0; i < len; i++) {
                dst[to + i] = src[from + i];
            }
        } else {
            System.arraycopy(src, from, dst, to, len);
        }
    }
}
