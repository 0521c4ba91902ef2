package dev.mnc.runtime.kernels.int8;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The int8 hot loops with the Vector API ({@code jdk.incubator.vector}), 8 int lanes of 256 bits:
 * created by name by {@link Int8Kernels} and linked by nothing else, so that the rest of the
 * runtime loads without the incubator module.
 *
 * <p>GEMM: a register-blocked 4 x 16 tile (four rows of A against two vectors of B's columns,
 * eight int accumulators kept in registers across the whole depth): per k, two loads of B, four
 * broadcasts of (a + inputOffset), eight multiplies and adds. C2's auto-vectorized scalar kernel
 * reloads and stores its accumulator row every few k; the tile does not. Leftover rows (and the
 * single row of a classifier) stream B row by row instead. Requantization: {@link ConvParams}'s 32-bit formula, eight channels per step, the
 * rounding shift per lane; a partial last vector falls back to the scalar formula. The integers
 * are exactly those of {@link ScalarInt8Kernels} (tests compare the two).
 */
final class VectorInt8Kernels extends Int8Kernels {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;

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
        int[][] rows = b.rows();
        int k = b.k();
        int padded = rows.length == 0 ? 0 : rows[0].length;
        int off = p.inputOffset();
        int[][] blk = s.block;
        int m = m0;
        for (; m + 4 <= m1; m += 4) {
            int a0 = aOff + m * lda;
            for (int j = 0; j < padded; j += GemmQ8.COLUMN_BLOCK) {
                tile4(a, a0, lda, off, rows, k, j, blk);
            }
            for (int r = 0; r < 4; r++) {
                finish(p, blk[r], n, bias, biasOff, channel0, c, cOff + (m + r) * ldc, s.tmp);
            }
        }
        for (; m < m1; m++) {
            // A lone row streams B row by row (the scalar kernel's axpy order, which C2 vectorizes),
            // rather than column block by column block across all K rows.
            int[] acc = s.acc;
            java.util.Arrays.fill(acc, 0, padded, 0);
            int ao = aOff + m * lda;
            for (int t = 0; t < k; t++) {
                axpy(acc, a[ao + t] + off, rows[t], padded);
            }
            finish(p, acc, n, bias, biasOff, channel0, c, cOff + m * ldc, s.tmp);
        }
    }

    /** y[j] += a * x[j] for j in [0, n), n a whole number of vectors. */
    private static void axpy(int[] y, int a, int[] x, int n) {
        IntVector av = IntVector.broadcast(I, a);
        for (int j = 0; j < n; j += 8) {
            IntVector.fromArray(I, y, j).add(IntVector.fromArray(I, x, j).mul(av)).intoArray(y, j);
        }
    }

    /** Four rows from {@code a0} (stride {@code lda}) times columns [j, j+16) of B into blk[0..4][j..). */
    private static void tile4(byte[] a, int a0, int lda, int off, int[][] rows, int k, int j, int[][] blk) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        IntVector c00 = IntVector.zero(I);
        IntVector c01 = IntVector.zero(I);
        IntVector c10 = IntVector.zero(I);
        IntVector c11 = IntVector.zero(I);
        IntVector c20 = IntVector.zero(I);
        IntVector c21 = IntVector.zero(I);
        IntVector c30 = IntVector.zero(I);
        IntVector c31 = IntVector.zero(I);
        for (int t = 0; t < k; t++) {
            int[] w = rows[t];
            IntVector w0 = IntVector.fromArray(I, w, j);
            IntVector w1 = IntVector.fromArray(I, w, j + 8);
            IntVector x0 = IntVector.broadcast(I, a[a0 + t] + off);
            c00 = c00.add(w0.mul(x0));
            c01 = c01.add(w1.mul(x0));
            IntVector x1 = IntVector.broadcast(I, a[a1 + t] + off);
            c10 = c10.add(w0.mul(x1));
            c11 = c11.add(w1.mul(x1));
            IntVector x2 = IntVector.broadcast(I, a[a2 + t] + off);
            c20 = c20.add(w0.mul(x2));
            c21 = c21.add(w1.mul(x2));
            IntVector x3 = IntVector.broadcast(I, a[a3 + t] + off);
            c30 = c30.add(w0.mul(x3));
            c31 = c31.add(w1.mul(x3));
        }
        c00.intoArray(blk[0], j);
        c01.intoArray(blk[0], j + 8);
        c10.intoArray(blk[1], j);
        c11.intoArray(blk[1], j + 8);
        c20.intoArray(blk[2], j);
        c21.intoArray(blk[2], j + 8);
        c30.intoArray(blk[3], j);
        c31.intoArray(blk[3], j + 8);
    }

    /** Adds the bias to one accumulator row and requantizes it into C. */
    private static void finish(ConvParams p, int[] acc, int n, int[] bias, int biasOff, int channel0, byte[] c,
            int cOff, int[] tmp) {
        if (bias != null) {
            for (int j = 0; j < n; j++) {
                acc[j] += bias[biasOff + j];
            }
        }
        requantizeRow(p, acc, 0, n, channel0, c, cOff);
    }

    @Override
    public void requantize(ConvParams p, int[] acc, int accOff, int n, byte[] y, int yOff, int[] tmp) {
        requantizeRow(p, acc, accOff, n, 0, y, yOff);
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
     * 32-bit high multiply of {@link ConvParams}; the constants split once per row.
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
            IntVector x = v.lanewise(VectorOperators.LSHL, left);
            IntVector xh = x.lanewise(VectorOperators.ASHR, 16);
            IntVector xl = x.and(0xFFFF);
            IntVector hm = xh.mul(mh);
            IntVector hl = xh.mul(ml);
            IntVector lh = xl.mul(mh);
            IntVector carry = hl.and(0x7FFF).add(lh.and(0x7FFF)).add(xl.mul(ml).lanewise(VectorOperators.LSHR, 16))
                    .add(1 << 14).lanewise(VectorOperators.ASHR, 15);
            IntVector s = hm.add(hm).add(hl.lanewise(VectorOperators.ASHR, 15))
                    .add(lh.lanewise(VectorOperators.ASHR, 15)).add(carry);
            return s.add(nudge).add(s.lanewise(VectorOperators.ASHR, 31).and(fix)).lanewise(VectorOperators.ASHR, right);
        }
    }

    /** {@link ConvParams#store} eight channels at a time (the 32-bit formula); the partial last vector scalar. */
    private static void requantizeRow(ConvParams p, int[] acc, int accOff, int n, int channel0, byte[] y,
            int yOff) {
        int zp = p.outputOffset();
        int lo = p.activationMin();
        int hi = p.activationMax();
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            int ch = channel0 + j;
            IntVector x = IntVector.fromArray(I, acc, accOff + j)
                    .lanewise(VectorOperators.LSHL, IntVector.fromArray(I, p.left, ch));
            IntVector mh = IntVector.fromArray(I, p.multHigh, ch);
            IntVector ml = IntVector.fromArray(I, p.multLow, ch);
            IntVector xh = x.lanewise(VectorOperators.ASHR, 16);
            IntVector xl = x.and(0xFFFF);
            IntVector hm = xh.mul(mh);
            IntVector hl = xh.mul(ml);
            IntVector lh = xl.mul(mh);
            IntVector ll = xl.mul(ml);
            IntVector carry = hl.and(0x7FFF).add(lh.and(0x7FFF)).add(ll.lanewise(VectorOperators.LSHR, 16))
                    .add(1 << 14).lanewise(VectorOperators.ASHR, 15);
            IntVector sr = hm.add(hm).add(hl.lanewise(VectorOperators.ASHR, 15))
                    .add(lh.lanewise(VectorOperators.ASHR, 15)).add(carry);
            IntVector v = sr.add(IntVector.fromArray(I, p.half, ch))
                    .add(sr.lanewise(VectorOperators.ASHR, 31).and(IntVector.fromArray(I, p.negativeFix, ch)))
                    .lanewise(VectorOperators.ASHR, IntVector.fromArray(I, p.right, ch))
                    .add(zp).max(lo).min(hi);
            v.convertShape(VectorOperators.I2B, B64, 0).reinterpretAsBytes().intoArray(y, yOff + j);
        }
        if (j < n) {
            p.store(acc, accOff + j, n - j, channel0 + j, y, yOff + j);
        }
    }
}
