package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.Quantization;
import dev.mnc.runtime.kernels.Taps;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The int8 hot loops with the Vector API ({@code jdk.incubator.vector}), 8 int lanes of 256 bits:
 * created by name by {@link Int8Kernels} and linked by nothing else, so that the rest of the
 * runtime loads without the incubator module.
 *
 * <p>GEMM, in {@link GemmQ8}'s exact float arithmetic: a register-blocked 6 x 16 tile (six rows of
 * A, widened once to a float panel, against two vectors of B's columns, twelve float accumulators
 * kept in registers over up to {@link GemmQ8#FLOAT_DEPTH} of the depth): per k, two loads of B,
 * six broadcasts and twelve fused multiply-adds. C2's auto-vectorized scalar kernel reloads and
 * stores its accumulator row every few k; the tile does not. Two to five leftover rows run as a
 * tile padded with zero rows; a single row (a classifier's) streams B row by row instead. A B
 * beyond L2 goes through {@link #grouped} first, which streams it once per 48 rows, not per six.
 * Depthwise: see {@link #depthwise}. Requantization:
 * {@link ConvParams}'s 32-bit formula, eight channels per step; a partial last vector uses the
 * scalar formula. The integers are exactly those of {@link ScalarInt8Kernels}: tests hold both to
 * the same plain integer loops.
 */
final class VectorInt8Kernels extends Int8Kernels {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = 0x4B400000;
    private static final float TWO_23 = 8388608f;
    /** Output columns per strip of the depthwise window loop. */
    private static final int STRIP = 16;

    VectorInt8Kernels() {
        if (IntVector.SPECIES_PREFERRED.vectorBitSize() < 256) {
            throw new UnsupportedOperationException("the CPU has " + IntVector.SPECIES_PREFERRED.vectorBitSize()
                    + "-bit vectors; the vector kernels want 256");
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public boolean transposes(int m, int k, int n) {
        return false;
    }

    @Override
    public void gemm(ConvParams p, byte[] a, int aOff, int lda, GemmQ8.Packed b, int[] bias, int biasOff, byte[] c,
            int cOff, int ldc, int channel0, int m0, int m1, GemmQ8.Scratch s) {
        int n = b.n();
        int k = b.k();
        float[][] rows = b.rows();
        int padded = GemmQ8.padded(n);
        float off = p.inputOffset();
        int[][] acc = s.block;
        float[] panel = s.panel;
        float[][] sums = s.sums;
        int m = (long) k * padded > GemmQ8.GROUP_ABOVE ? grouped(p, a, aOff, lda, b, bias, biasOff, c, cOff, ldc,
                channel0, m0, m1, s) : m0;
        // Whole tiles, and a last partial one of 2 to 5 rows computed as a tile with zero rows.
        for (; m1 - m >= 2; m += GemmQ8.TILE_ROWS) {
            int live = Math.min(GemmQ8.TILE_ROWS, m1 - m);
            for (int r = 0; r < GemmQ8.TILE_ROWS; r++) {
                if (r < live) {
                    widen(a, aOff + (m + r) * lda, off, panel, r * k, k);
                } else {
                    java.util.Arrays.fill(panel, r * k, (r + 1) * k, 0f);
                }
                start(acc[r], bias, biasOff, n);
            }
            for (int t0 = 0; t0 < k; t0 += GemmQ8.FLOAT_DEPTH) {
                int t1 = Math.min(k, t0 + GemmQ8.FLOAT_DEPTH);
                for (int j = 0; j < padded; j += GemmQ8.COLUMN_BLOCK) {
                    tile6(panel, k, rows, t0, t1, j, sums, 0);
                }
                for (int r = 0; r < GemmQ8.TILE_ROWS; r++) {
                    addExact(acc[r], sums[r], padded);
                }
            }
            for (int r = 0; r < live; r++) {
                requantizeRow(p, acc[r], 0, n, channel0, c, cOff + (m + r) * ldc);
            }
        }
        if (m < m1) {
            // A lone row streams B row by row (sequential in memory) rather than block by block.
            int[] row = acc[0];
            float[] sum = s.sum;
            int ao = aOff + m * lda;
            start(row, bias, biasOff, n);
            for (int t0 = 0; t0 < k; t0 += GemmQ8.FLOAT_DEPTH) {
                int t1 = Math.min(k, t0 + GemmQ8.FLOAT_DEPTH);
                java.util.Arrays.fill(sum, 0, padded, 0f);
                for (int t = t0; t < t1; t++) {
                    axpy(sum, a[ao + t] + off, rows[t], padded);
                }
                addExact(row, sum, padded);
            }
            requantizeRow(p, row, 0, n, channel0, c, cOff + m * ldc);
        }
    }

    /**
     * Rows [m0, m0 + whole groups) of C for a B too large for L2 ({@link GemmQ8#GROUP_ABOVE}):
     * {@link GemmQ8#GROUP_ROWS} rows at a time, each 16-column block of B serving all eight tiles
     * of the group while it is in L1. Returns the first row it left (fewer than a group remain).
     */
    private static int grouped(ConvParams p, byte[] a, int aOff, int lda, GemmQ8.Packed b, int[] bias, int biasOff,
            byte[] c, int cOff, int ldc, int channel0, int m0, int m1, GemmQ8.Scratch s) {
        int n = b.n();
        int k = b.k();
        float[][] rows = b.rows();
        int padded = GemmQ8.padded(n);
        float off = p.inputOffset();
        int[][] acc = s.block;
        float[] panel = s.panel;
        float[][] sums = s.sums;
        int m = m0;
        for (; m1 - m >= GemmQ8.GROUP_ROWS; m += GemmQ8.GROUP_ROWS) {
            for (int r = 0; r < GemmQ8.GROUP_ROWS; r++) {
                widen(a, aOff + (m + r) * lda, off, panel, r * k, k);
                start(acc[r], bias, biasOff, n);
            }
            for (int t0 = 0; t0 < k; t0 += GemmQ8.FLOAT_DEPTH) {
                int t1 = Math.min(k, t0 + GemmQ8.FLOAT_DEPTH);
                for (int j = 0; j < padded; j += GemmQ8.COLUMN_BLOCK) {
                    for (int r0 = 0; r0 < GemmQ8.GROUP_ROWS; r0 += GemmQ8.TILE_ROWS) {
                        tile6(panel, k, rows, t0, t1, j, sums, r0);
                    }
                }
                for (int r = 0; r < GemmQ8.GROUP_ROWS; r++) {
                    addExact(acc[r], sums[r], padded);
                }
            }
            for (int r = 0; r < GemmQ8.GROUP_ROWS; r++) {
                requantizeRow(p, acc[r], 0, n, channel0, c, cOff + (m + r) * ldc);
            }
        }
        return m;
    }

    /** The accumulator row's first value: the bias, or 0 (columns past n too, which are never stored). */
    private static void start(int[] acc, int[] bias, int biasOff, int n) {
        if (bias == null) {
            java.util.Arrays.fill(acc, 0);
        } else {
            System.arraycopy(bias, biasOff, acc, 0, n);
        }
    }

    /** dst[d + t] = a[at + t] + off for t in [0, k): a row of A as floats, eight at a time. */
    private static void widen(byte[] a, int at, float off, float[] dst, int d, int k) {
        int t = 0;
        for (; t + 8 <= k; t += 8) {
            ((FloatVector) ByteVector.fromArray(B64, a, at + t).convertShape(VectorOperators.B2F, F, 0)).add(off)
                    .intoArray(dst, d + t);
        }
        for (; t < k; t++) {
            dst[d + t] = a[at + t] + off;
        }
    }

    /**
     * acc[j] += (int) sum[j] for j in [0, n), n a whole number of vectors, for integers
     * |sum[j]| < 2^22 ({@link GemmQ8#FLOAT_DEPTH}'s bound): v + 1.5 * 2^23 lies in [2^23, 2^24),
     * where a float's unit in the last place is 1, so the sum is exact and its bits are those of
     * 1.5 * 2^23 (0x4B400000) plus v. (JDK 17 compiles the Vector API's F2I lane by lane.)
     */
    private static void addExact(int[] acc, float[] sum, int n) {
        addExact(acc, sum, 0, n);
    }

    /** {@link #addExact(int[], float[], int)} from {@code sum[sumOff..)}. */
    private static void addExact(int[] acc, float[] sum, int sumOff, int n) {
        for (int j = 0; j < n; j += 8) {
            IntVector.fromArray(I, acc, j)
                    .add(FloatVector.fromArray(F, sum, sumOff + j).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS))
                    .intoArray(acc, j);
        }
    }

    /** y[j] += a * x[j] for j in [0, n), n a whole number of vectors. */
    private static void axpy(float[] y, float a, float[] x, int n) {
        FloatVector av = FloatVector.broadcast(F, a);
        for (int j = 0; j < n; j += 8) {
            FloatVector.fromArray(F, x, j).fma(av, FloatVector.fromArray(F, y, j)).intoArray(y, j);
        }
    }

    /**
     * Six rows of the panel (row r at {@code r * k}) times columns [j, j+16) of B over depth
     * [t0, t1), into sums[0..6][j..j+16): twelve float accumulators held in registers. (The
     * conversion to int is a separate pass: inlining it here exceeds C2's budget and boxes vectors.)
     */
    private static void tile6(float[] panel, int k, float[][] rows, int t0, int t1, int j, float[][] sums, int r0) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F);
        FloatVector c51 = FloatVector.zero(F);
        int p0 = r0 * k;
        int p1 = p0 + k;
        int p2 = p0 + 2 * k;
        int p3 = p0 + 3 * k;
        int p4 = p0 + 4 * k;
        int p5 = p0 + 5 * k;
        for (int t = t0; t < t1; t++) {
            float[] w = rows[t];
            FloatVector w0 = FloatVector.fromArray(F, w, j);
            FloatVector w1 = FloatVector.fromArray(F, w, j + 8);
            FloatVector x = FloatVector.broadcast(F, panel[p0 + t]);
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            x = FloatVector.broadcast(F, panel[p1 + t]);
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            x = FloatVector.broadcast(F, panel[p2 + t]);
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            x = FloatVector.broadcast(F, panel[p3 + t]);
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            x = FloatVector.broadcast(F, panel[p4 + t]);
            c40 = w0.fma(x, c40);
            c41 = w1.fma(x, c41);
            x = FloatVector.broadcast(F, panel[p5 + t]);
            c50 = w0.fma(x, c50);
            c51 = w1.fma(x, c51);
        }
        c00.intoArray(sums[r0 + 0], j);
        c01.intoArray(sums[r0 + 0], j + 8);
        c10.intoArray(sums[r0 + 1], j);
        c11.intoArray(sums[r0 + 1], j + 8);
        c20.intoArray(sums[r0 + 2], j);
        c21.intoArray(sums[r0 + 2], j + 8);
        c30.intoArray(sums[r0 + 3], j);
        c31.intoArray(sums[r0 + 3], j + 8);
        c40.intoArray(sums[r0 + 4], j);
        c41.intoArray(sums[r0 + 4], j + 8);
        c50.intoArray(sums[r0 + 5], j);
        c51.intoArray(sums[r0 + 5], j + 8);
    }

    @Override
    public boolean replicatesDepthwise() {
        return false;
    }

    /**
     * Depthwise rows in exact float arithmetic (at most {@link GemmQ8#FLOAT_DEPTH} taps, see
     * {@link DepthwiseRowsQ8#fits}): each input row is widened once to floats x + inputOffset (a
     * cache of the last kh rows; rows above or below the image read a row of zeros, the padding's
     * x + inputOffset). Eight channels at a time, each output column whose taps all lie inside the
     * input sums its whole window in registers: a 3x3 kernel keeps its nine weight vectors there
     * ({@link #window3x3}), other kernels sum four columns at once against one weight load per tap
     * ({@link #window}). The columns at the borders add tap by tap, skipping taps in the padding
     * (which add 0). Then bias + (int) sum is requantized.
     */
    @Override
    public void depthwise(ConvGeometry g, ConvParams p, byte[] x, int xOff, DepthwiseRowsQ8.Weights w, byte[] y,
            int yOff, int r0, int r1, DepthwiseRowsQ8.Scratch s) {
        int c = g.inC();
        int ow = g.outW();
        int kh = g.kh();
        int kw = g.kw();
        int row = ow * c;
        int full = c & ~7;
        float[][] taps = w.taps();
        float[] sums = s.sums;
        float[][] in = s.window;
        float off = p.inputOffset();
        boolean threeByThree = kh == 3 && kw == 3;
        // Output columns [inner0, inner1) have every tap inside the input.
        int inner0 = 0;
        int inner1 = ow;
        for (int kx = 0; kx < kw; kx++) {
            inner0 = Math.max(inner0, s.from[kx]);
            inner1 = Math.min(inner1, s.to[kx]);
        }
        if (inner1 < inner0) {
            inner0 = 0;
            inner1 = 0;
        }
        java.util.Arrays.fill(s.rowOf, -1);
        for (int r = r0; r < r1; r++) {
            int n = r / g.outH();
            int oy = r % g.outH();
            int yBase = oy * g.sy() - g.padTop();
            int ky0 = Taps.first(yBase, g.dy());
            int ky1 = Taps.end(yBase, g.dy(), g.inH(), kh);
            for (int ky = 0; ky < kh; ky++) {
                int iy = yBase + ky * g.dy();
                in[ky] = iy >= 0 && iy < g.inH() ? floatRow(g, x, xOff, off, n * g.inH() + iy, s) : s.zeros;
            }
            if (full < c) {
                java.util.Arrays.fill(sums, 0, row, 0f);
            } else {
                java.util.Arrays.fill(sums, 0, inner0 * c, 0f);
                java.util.Arrays.fill(sums, inner1 * c, row, 0f);
            }
            // Strips of output columns, every channel block in turn, keep the rows' working set in L1.
            for (int ox = inner0; ox < inner1; ox += STRIP) {
                int end = Math.min(inner1, ox + STRIP);
                for (int ch = 0; ch < full; ch += 8) {
                    if (threeByThree) {
                        window3x3(g, in, taps, ch, sums, ox, end);
                    } else {
                        window(g, in, taps, ky0, ky1, ch, sums, ox, end);
                    }
                }
            }
            for (int ky = 0; ky < kh; ky++) {
                if (in[ky] == s.zeros) {
                    continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                    float[] tap = taps[ky * kw + kx];
                    // The tap's columns outside [inner0, inner1), then every column of tail channels.
                    int a = s.from[kx];
                    int b = s.to[kx];
                    tapColumns(g, in[ky], tap, kx, 0, full, sums, a, Math.min(b, inner0));
                    tapColumns(g, in[ky], tap, kx, 0, full, sums, Math.max(a, inner1), b);
                    tapColumns(g, in[ky], tap, kx, full, c, sums, a, b);
                }
            }
            int yo = yOff + r * row;
            toInts(sums, w.bias(), c, row, s.acc);
            for (int ox = 0; ox < ow; ox++) {
                requantizeRow(p, s.acc, ox * c, c, 0, y, yo + ox * c);
            }
        }
    }

    /**
     * Columns [ox0, ox1) of channels [ch, ch+8) of one output row, a 3x3 window each, all taps
     * inside the rows {@code in[0..3)}: nine weight vectors in registers, sums stored (not added).
     */
    private static void window3x3(ConvGeometry g, float[][] in, float[][] taps, int ch, float[] sums, int ox0,
            int ox1) {
        int c = g.inC();
        int dx = g.dx() * c;
        int step = g.sx() * c;
        float[] i0 = in[0];
        float[] i1 = in[1];
        float[] i2 = in[2];
        FloatVector w00 = FloatVector.fromArray(F, taps[0], ch);
        FloatVector w01 = FloatVector.fromArray(F, taps[1], ch);
        FloatVector w02 = FloatVector.fromArray(F, taps[2], ch);
        FloatVector w10 = FloatVector.fromArray(F, taps[3], ch);
        FloatVector w11 = FloatVector.fromArray(F, taps[4], ch);
        FloatVector w12 = FloatVector.fromArray(F, taps[5], ch);
        FloatVector w20 = FloatVector.fromArray(F, taps[6], ch);
        FloatVector w21 = FloatVector.fromArray(F, taps[7], ch);
        FloatVector w22 = FloatVector.fromArray(F, taps[8], ch);
        int src = (ox0 * g.sx() - g.padLeft()) * c + ch;
        for (int ox = ox0; ox < ox1; ox++, src += step) {
            // One partial sum per kernel row: three short dependency chains instead of one of nine.
            FloatVector a0 = FloatVector.fromArray(F, i0, src).mul(w00);
            FloatVector a1 = FloatVector.fromArray(F, i1, src).mul(w10);
            FloatVector a2 = FloatVector.fromArray(F, i2, src).mul(w20);
            a0 = FloatVector.fromArray(F, i0, src + dx).fma(w01, a0);
            a1 = FloatVector.fromArray(F, i1, src + dx).fma(w11, a1);
            a2 = FloatVector.fromArray(F, i2, src + dx).fma(w21, a2);
            a0 = FloatVector.fromArray(F, i0, src + 2 * dx).fma(w02, a0);
            a1 = FloatVector.fromArray(F, i1, src + 2 * dx).fma(w12, a1);
            a2 = FloatVector.fromArray(F, i2, src + 2 * dx).fma(w22, a2);
            FloatVector acc = a0.add(a1).add(a2);
            acc.intoArray(sums, ox * c + ch);
        }
    }

    /**
     * Columns [ox0, ox1) of channels [ch, ch+8) of one output row, any kernel, all taps of rows
     * [ky0, ky1) inside the input (the other rows lie in the padding and add 0); sums stored (not
     * added). Four columns at a time share each tap's weight vector and keep their sums in
     * registers across a kernel row, which also gives four independent FMA chains. The sums go
     * through memory between kernel rows: vectors carried across two nested loops are boxed by
     * C2 (JDK 17; measured: allocation and 1.6x the time of the tap-by-tap loop).
     */
    private static void window(ConvGeometry g, float[][] in, float[][] taps, int ky0, int ky1, int ch, float[] sums,
            int ox0, int ox1) {
        int c = g.inC();
        int kw = g.kw();
        int dx = g.dx() * c;
        int step = g.sx() * c;
        int src0 = (ox0 * g.sx() - g.padLeft()) * c + ch;
        for (int ky = ky0; ky < ky1; ky++) {
            float[] row = in[ky];
            int t0 = ky * kw;
            boolean first = ky == ky0;
            int ox = ox0;
            int src = src0;
            for (; ox + 4 <= ox1; ox += 4, src += 4 * step) {
                int d = ox * c + ch;
                FloatVector a0 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, sums, d);
                FloatVector a1 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, sums, d + c);
                FloatVector a2 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, sums, d + 2 * c);
                FloatVector a3 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, sums, d + 3 * c);
                for (int kx = 0, si = src; kx < kw; kx++, si += dx) {
                    FloatVector wv = FloatVector.fromArray(F, taps[t0 + kx], ch);
                    a0 = FloatVector.fromArray(F, row, si).fma(wv, a0);
                    a1 = FloatVector.fromArray(F, row, si + step).fma(wv, a1);
                    a2 = FloatVector.fromArray(F, row, si + 2 * step).fma(wv, a2);
                    a3 = FloatVector.fromArray(F, row, si + 3 * step).fma(wv, a3);
                }
                a0.intoArray(sums, d);
                a1.intoArray(sums, d + c);
                a2.intoArray(sums, d + 2 * c);
                a3.intoArray(sums, d + 3 * c);
            }
            for (; ox < ox1; ox++, src += step) {
                int d = ox * c + ch;
                FloatVector a = first ? FloatVector.zero(F) : FloatVector.fromArray(F, sums, d);
                for (int kx = 0, si = src; kx < kw; kx++, si += dx) {
                    a = FloatVector.fromArray(F, row, si).fma(FloatVector.fromArray(F, taps[t0 + kx], ch), a);
                }
                a.intoArray(sums, d);
            }
        }
    }

    /**
     * sums[ox][ch] += in[ox*sx + kx*dx - padLeft][ch] * tap[ch] for output columns [ox0, ox1) (all
     * inside the input for this tap) and channels [ch0, ch1): whole vectors of eight, then one by one.
     */
    private static void tapColumns(ConvGeometry g, float[] in, float[] tap, int kx, int ch0, int ch1, float[] sums,
            int ox0, int ox1) {
        int c = g.inC();
        int step = g.sx() * c;
        int src0 = (ox0 * g.sx() - g.padLeft() + kx * g.dx()) * c;
        int ch = ch0;
        for (; ch + 8 <= ch1; ch += 8) {
            FloatVector wv = FloatVector.fromArray(F, tap, ch);
            for (int ox = ox0, si = src0 + ch; ox < ox1; ox++, si += step) {
                int d = ox * c + ch;
                FloatVector.fromArray(F, in, si).fma(wv, FloatVector.fromArray(F, sums, d)).intoArray(sums, d);
            }
        }
        for (; ch < ch1; ch++) {
            float wt = tap[ch];
            for (int ox = ox0, si = src0 + ch; ox < ox1; ox++, si += step) {
                sums[ox * c + ch] += in[si] * wt;
            }
        }
    }

    /** Input row {@code iy} (counted over batch and height) widened to floats x + off, from the cache when recent. */
    private static float[] floatRow(ConvGeometry g, byte[] x, int xOff, float off, int iy, DepthwiseRowsQ8.Scratch s) {
        int slot = iy % s.floatRows.length;
        float[] dst = s.floatRows[slot];
        if (s.rowOf[slot] != iy) {
            int len = g.inW() * g.inC();
            widen(x, xOff + iy * len, off, dst, 0, len);
            s.rowOf[slot] = iy;
        }
        return dst;
    }

    /**
     * Eight values at a time, the scalar formula's exact twin: v = x / scale (the same IEEE
     * division); |v| capped at 1024, beyond which every result saturates anyway; rounded to nearest
     * even by adding and subtracting 2^23 (exact below 2^23), then ties (|v| - r = 0.5, exact) moved
     * away from zero; the sign put back, NaN made 0 (as (int) NaN is); zp added and clamped in float,
     * and the integral result turned to int by the 1.5 * 2^23 bias ({@link #addExact}).
     */
    @Override
    public void quantize(float[] x, int xo, byte[] y, int yo, float scale, int zp, int lo, int hi, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i).div(scale);
            FloatVector a = v.abs().min(1024f);
            FloatVector r = a.add(TWO_23).sub(TWO_23);
            r = r.add(1f, a.sub(r).eq(0.5f));
            r = r.blend(r.neg(), v.lt(0f)).blend(0f, v.test(VectorOperators.IS_NAN));
            IntVector q = r.add(zp).max(lo).min(hi).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
            ((ByteVector) q.castShape(B64, 0)).intoArray(y, yo + i);
        }
        if (i < n) {
            Quantization.perTensorToBytes(x, xo + i, y, yo + i, scale, zp, lo, hi, n - i);
        }
    }

    @Override
    public void elementwise(ElementwiseQ8.Params p, byte[] a, int ao, int aStep, byte[] b, int bo, int bStep, byte[] y,
            int yo, int n) {
        int i = 0;
        if (aStep == 1 && bStep == 1) {
            i = p.kind() == dev.mnc.runtime.kernels.Broadcast.MUL ? mulRow(p, a, ao, b, bo, y, yo, n)
                    : addSubRow(p, a, ao, b, bo, y, yo, n);
        }
        if (i < n) {
            ElementwiseQ8.row(p, a, ao + i * aStep, aStep, b, bo + i * bStep, bStep, y, yo + i, n - i);
        }
    }

    /** add or sub over whole vectors of a row; returns how many elements it did. */
    private static int addSubRow(ElementwiseQ8.Params p, byte[] a, int ao, byte[] b, int bo, byte[] y, int yo, int n) {
        Mult ma = new Mult(p.inputA());
        Mult mb = new Mult(p.inputB());
        Mult mo = new Mult(p.output());
        int oa = p.offsetA();
        int ob = p.offsetB();
        int zp = p.outputOffset();
        int lo = p.activationMin();
        int hi = p.activationMax();
        boolean sub = p.kind() == dev.mnc.runtime.kernels.Broadcast.SUB;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            IntVector sa = ma.applyShifted20(load(a, ao + i).add(oa));
            IntVector sb = mb.applyShifted20(load(b, bo + i).add(ob));
            mo.apply(sub ? sa.sub(sb) : sa.add(sb)).add(zp).max(lo).min(hi)
                    .convertShape(VectorOperators.I2B, B64, 0).reinterpretAsBytes().intoArray(y, yo + i);
        }
        return i;
    }

    /** mul over whole vectors of a row; returns how many elements it did. */
    private static int mulRow(ElementwiseQ8.Params p, byte[] a, int ao, byte[] b, int bo, byte[] y, int yo, int n) {
        Mult mo = new Mult(p.output());
        int oa = p.offsetA();
        int ob = p.offsetB();
        int zp = p.outputOffset();
        int lo = p.activationMin();
        int hi = p.activationMax();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            IntVector prod = load(a, ao + i).add(oa).mul(load(b, bo + i).add(ob));
            mo.apply(prod).add(zp).max(lo).min(hi).convertShape(VectorOperators.I2B, B64, 0).reinterpretAsBytes()
                    .intoArray(y, yo + i);
        }
        return i;
    }

    /** Eight int8 values widened to int lanes. */
    private static IntVector load(byte[] a, int at) {
        return (IntVector) ByteVector.fromArray(B64, a, at).convertShape(VectorOperators.B2I, I, 0);
    }

    /**
     * A {@link QuantizedMultiplier} applied to every lane ({@link QuantizedMultiplier#apply}), with the
     * 32-bit high multiply of {@link ConvParams}; the constants split once per row. The rounding
     * shift adds its nudge to s directly: elementwise values never bring s near 2^31 when there is
     * a right shift (add's rescaled sums and mul's products are below 2^28 and 2^16, and a right
     * shift means a multiplier below 1), so unlike a convolution's accumulator it cannot overflow.
     */
    private static final class Mult {
        final int left;
        final int right;
        final int mh;
        final int ml;
        final int mq;
        final int mr;
        final int nudge;
        final int fix;

        Mult(QuantizedMultiplier m) {
            left = Math.max(m.shift(), 0);
            right = Math.max(-m.shift(), 0);
            mh = m.multiplier() >>> 16;
            ml = m.multiplier() & 0xFFFF;
            mq = m.multiplier() >>> 11;
            mr = m.multiplier() & 0x7FF;
            nudge = right == 0 ? 0 : 1 << (right - 1);
            fix = right == 0 ? 0 : -1;
        }

        /**
         * {@link #apply} to v * 2^20 for |v| <= 255 (add's rescaled inputs, which never shift left):
         * (v 2^20 M + 2^30) >> 31 = v (M >> 11) + ((v (M & 2047) + 2^10) >> 11), two 32-bit products.
         */
        IntVector applyShifted20(IntVector v) {
            IntVector s = v.mul(mq).add(v.mul(mr).add(1 << 10).lanewise(VectorOperators.ASHR, 11));
            return s.add(nudge).add(s.lanewise(VectorOperators.ASHR, 31).and(fix)).lanewise(VectorOperators.ASHR, right);
        }

        IntVector apply(IntVector v) {
            IntVector s = highProduct(v.lanewise(VectorOperators.LSHL, left), IntVector.broadcast(I, mh),
                    IntVector.broadcast(I, ml));
            return s.add(nudge).add(s.lanewise(VectorOperators.ASHR, 31).and(fix)).lanewise(VectorOperators.ASHR, right);
        }
    }

    /**
     * (2 x m + 2^31) >> 32 per lane, the rounding doubling high product of {@link QuantizedMultiplier},
     * with m given as its high and low 16 bits: x = xh 2^16 + xl splits the 62-bit product into four
     * 32-bit ones, of which xl ml only carries; the rounding constant 2^30 enters as 2^14 before the
     * last shift by 15.
     */
    private static IntVector highProduct(IntVector x, IntVector mh, IntVector ml) {
        IntVector xh = x.lanewise(VectorOperators.ASHR, 16);
        IntVector xl = x.and(0xFFFF);
        IntVector hl = xh.mul(ml);
        IntVector lh = xl.mul(mh);
        IntVector carry = hl.and(0x7FFF).add(lh.and(0x7FFF)).add(xl.mul(ml).lanewise(VectorOperators.LSHR, 16))
                .add(1 << 14).lanewise(VectorOperators.ASHR, 15);
        return xh.mul(mh.add(mh)).add(hl.lanewise(VectorOperators.ASHR, 15)).add(lh.lanewise(VectorOperators.ASHR, 15))
                .add(carry);
    }

    /** {@link ConvParams#store} eight channels at a time; the partial last vector scalar. */
    private static void requantizeRow(ConvParams p, int[] acc, int accOff, int n, int channel0, byte[] y,
            int yOff) {
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            requantize(p, acc, accOff + j, channel0 + j, y, yOff + j);
        }
        if (j < n) {
            p.store(acc, accOff + j, n - j, channel0 + j, y, yOff + j);
        }
    }

    /**
     * acc[i] = bias[i % c] + (int) sums[i] for i in [0, n), n a whole number of rows of c channels:
     * exact float sums below 2^22 in magnitude turned to ints (see {@link #addExact}).
     */
    private static void toInts(float[] sums, int[] bias, int c, int n, int[] acc) {
        for (int o = 0; o < n; o += c) {
            int j = 0;
            for (; j + 8 <= c; j += 8) {
                FloatVector.fromArray(F, sums, o + j).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS)
                        .add(IntVector.fromArray(I, bias, j)).intoArray(acc, o + j);
            }
            for (; j < c; j++) {
                acc[o + j] = bias[j] + (int) sums[o + j];
            }
        }
    }

    /**
     * The eight accumulators acc[accOff..accOff+8) of output channels [ch, ch+8) requantized to
     * int8 at {@code y[at..)}: {@link ConvParams}'s 32-bit formula lane by lane, with
     * {@link #highProduct}'s steps written out here. Arrays in, no vector arguments: a vector passed
     * to a method C2 does not inline is boxed, and whether it inlines this one varied from one JVM
     * to the next (one profiling run in eleven allocated on every call, 84 GCs instead of 10).
     */
    private static void requantize(ConvParams p, int[] acc, int accOff, int ch, byte[] y, int at) {
        IntVector x = IntVector.fromArray(I, acc, accOff)
                .lanewise(VectorOperators.LSHL, IntVector.fromArray(I, p.left, ch));
        IntVector mh = IntVector.fromArray(I, p.multHigh, ch);
        IntVector ml = IntVector.fromArray(I, p.multLow, ch);
        IntVector xh = x.lanewise(VectorOperators.ASHR, 16);
        IntVector xl = x.and(0xFFFF);
        IntVector hl = xh.mul(ml);
        IntVector lh = xl.mul(mh);
        IntVector carry = hl.and(0x7FFF).add(lh.and(0x7FFF)).add(xl.mul(ml).lanewise(VectorOperators.LSHR, 16))
                .add(1 << 14).lanewise(VectorOperators.ASHR, 15);
        IntVector sr = xh.mul(mh.add(mh)).add(hl.lanewise(VectorOperators.ASHR, 15))
                .add(lh.lanewise(VectorOperators.ASHR, 15)).add(carry);
        IntVector right = IntVector.fromArray(I, p.right, ch);
        IntVector rounding = sr.and(IntVector.fromArray(I, p.mask, ch)).add(IntVector.fromArray(I, p.half, ch))
                .add(sr.lanewise(VectorOperators.ASHR, 31).and(IntVector.fromArray(I, p.negativeFix, ch)))
                .lanewise(VectorOperators.LSHR, right);
        IntVector v = sr.lanewise(VectorOperators.ASHR, right).add(rounding)
                .add(p.outputOffset()).max(p.activationMin()).min(p.activationMax());
        ((ByteVector) v.castShape(B64, 0)).intoArray(y, at);
    }
}
