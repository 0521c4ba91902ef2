package dev.mnc.runtime.kernels;

/**
 * Which taps of a sliding window fall inside the input, the bounds every windowed kernel (depthwise
 * convolution and pooling, float and int8) clips its window to once per output row or pixel so
 * that its hot loop sums only real taps: along an axis, tap k of a window starting at input index
 * {@code base} (output index times stride minus the leading pad) reads index base + k*d, d the
 * dilation (1 for pooling).
 */
public final class Taps {
    private Taps() {}

    /** First tap k with base + k*d >= 0 (may exceed the kernel size when the window lies in the padding). */
    public static int first(int base, int d) {
        return base >= 0 ? 0 : (-base + d - 1) / d;
    }

    /** One past the last tap k with base + k*d <= size-1, capped at {@code kernel}. */
    public static int end(int base, int d, int size, int kernel) {
        int room = size - 1 - base;
        return room < 0 ? 0 : Math.min(kernel, room / d + 1);
    }

    /**
     * For each kernel column kx of {@code g}, the output columns [from[kx], to[kx]) whose tap kx
     * lies inside the input: what a whole-row depthwise kernel copies for that tap.
     */
    public static void columns(ConvGeometry g, int[] from, int[] to) {
        for (int kx = 0; kx < g.kw(); kx++) {
            from[kx] = columnsFrom(g, kx);
            to[kx] = columnsTo(g, kx);
        }
    }

    /** The first output column whose tap kx lies inside the input (outW when none does). */
    public static int columnsFrom(ConvGeometry g, int kx) {
        int tap = kx * g.dx() - g.padLeft();
        return Math.min(g.outW(), Math.max(0, Math.floorDiv(-tap + g.sx() - 1, g.sx())));
    }

    /** One past the last output column whose tap kx lies inside the input (at least {@link #columnsFrom}). */
    public static int columnsTo(ConvGeometry g, int kx) {
        int tap = kx * g.dx() - g.padLeft();
        return Math.max(columnsFrom(g, kx), Math.min(g.outW(), Math.floorDiv(g.inW() - 1 - tap, g.sx()) + 1));
    }
}
