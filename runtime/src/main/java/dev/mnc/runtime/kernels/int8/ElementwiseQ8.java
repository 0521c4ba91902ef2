package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.Broadcast;

/**
 * int8 add, sub and mul with numpy broadcasting (through the float kernels' {@link Broadcast.Plan})
 * and a fused activation, following TFLite's integer ADD, SUB and MUL.
 *
 * <p>add and sub bring both inputs to a common fixed-point scale before combining them:
 * <pre>
 *   a' = M1((qa - Za) * 2^20),  b' = M2((qb - Zb) * 2^20)       M1 = sa / (2 max(sa, sb)), M2 likewise
 *   y  = clamp(Mo(a' +- b') + Zy)                                 Mo = 2 max(sa, sb) / (2^20 sy)
 * </pre>
 * The left shift of 20 keeps the rescaled inputs (|q - Z| <= 255, so below 2^28) exact to 20
 * fractional bits, and M1, M2 <= 1/2 keep a' +- b' below 2^28: no step overflows. Because a' depends
 * on qa alone, it is tabulated once per input (256 entries) at load. mul multiplies the offset
 * inputs exactly, |(qa - Za)(qb - Zb)| <= 2^16, and rescales once: y = clamp(M((qa - Za)(qb - Zb)) + Zy),
 * M = sa * sb / sy (computed in float, as TFLite does).
 */
public final class ElementwiseQ8 {
    private ElementwiseQ8() {}

    /** The left shift add and sub apply before rescaling their inputs. */
    public static final int LEFT_SHIFT = 20;

    /**
     * One op's constants. {@code tableA}/{@code tableB} hold the rescaled inputs a', b' of add and sub
     * indexed by q + 128 (null for mul), which {@code inputA}/{@code inputB} compute (null for mul);
     * {@code offsetA}/{@code offsetB} are -Za, -Zb.
     */
    public record Params(int kind, int[] tableA, int[] tableB, QuantizedMultiplier inputA, QuantizedMultiplier inputB,
            int offsetA, int offsetB, QuantizedMultiplier output, int outputOffset, int activationMin,
            int activationMax) {}

    /** Constants of add or sub for input scales/zero points and the output's. */
    public static Params addSub(int kind, float scaleA, int zpA, float scaleB, int zpB, float scaleY, int zpY,
            ActivationRange act) {
        double twiceMax = 2 * Math.max(scaleA, scaleB);
        QuantizedMultiplier ma = QuantizedMultiplier.of(scaleA / twiceMax);
        QuantizedMultiplier mb = QuantizedMultiplier.of(scaleB / twiceMax);
        QuantizedMultiplier mo = QuantizedMultiplier.of(twiceMax / ((1 << LEFT_SHIFT) * (double) scaleY));
        int[] ta = new int[256];
        int[] tb = new int[256];
        for (int q = -128; q < 128; q++) {
            ta[q + 128] = ma.apply((q - zpA) * (1 << LEFT_SHIFT));
            tb[q + 128] = mb.apply((q - zpB) * (1 << LEFT_SHIFT));
        }
        return new Params(kind, ta, tb, ma, mb, -zpA, -zpB, mo, zpY, act.min(), act.max());
    }

    /** Constants of mul. */
    public static Params mul(float scaleA, int zpA, float scaleB, int zpB, float scaleY, int zpY, ActivationRange act) {
        float real = scaleA * scaleB / scaleY;
        return new Params(Broadcast.MUL, null, null, null, null, -zpA, -zpB, QuantizedMultiplier.of(real), zpY,
                act.min(), act.max());
    }

    /** Computes rows [r0, r1) of the plan, each row through {@code kernels}. */
    public static void run(Int8Kernels kernels, Broadcast.Plan plan, Params p, byte[] a, int aOff, byte[] b, int bOff,
            byte[] y, int yOff, int r0, int r1) {
        int inner = plan.inner();
        for (int r = r0; r < r1; r++) {
            kernels.elementwise(p, a, aOff + plan.offset(r, plan.aStrides()), plan.aStep(), b,
                    bOff + plan.offset(r, plan.bStrides()), plan.bStep(), y, yOff + r * inner, inner);
        }
    }

    /**
     * One row of n results: operand a advances by {@code aStep} (0 or 1) from {@code ao}, b likewise.
     * The scalar form, which {@link Int8Kernels} implementations fall back to.
     */
    public static void row(Params p, byte[] a, int ao, int aStep, byte[] b, int bo, int bStep, byte[] y, int yo,
            int n) {
        int m = p.output().multiplier();
        int s = p.output().shift();
        int zp = p.outputOffset();
        int lo = p.activationMin();
        int hi = p.activationMax();
        if (p.kind() == Broadcast.MUL) {
            int oa = p.offsetA();
            int ob = p.offsetB();
            for (int i = 0; i < n; i++) {
                int prod = (a[ao + i * aStep] + oa) * (b[bo + i * bStep] + ob);
                int v = QuantizedMultiplier.multiply(prod, m, s) + zp;
                y[yo + i] = (byte) Math.min(Math.max(v, lo), hi);
            }
            return;
        }
        int[] ta = p.tableA();
        int[] tb = p.tableB();
        boolean sub = p.kind() == Broadcast.SUB;
        for (int i = 0; i < n; i++) {
            int va = ta[a[ao + i * aStep] + 128];
            int vb = tb[b[bo + i * bStep] + 128];
            int v = QuantizedMultiplier.multiply(sub ? va - vb : va + vb, m, s) + zp;
            y[yo + i] = (byte) Math.min(Math.max(v, lo), hi);
        }
    }
}
