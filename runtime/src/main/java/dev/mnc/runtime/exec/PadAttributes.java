package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.kernels.Pad;

/**
 * What pad and pad_q8 share at load: the parameter words (mode, value as f32, rank, then rank
 * begin pads and rank end pads, non-negative) and the output shape they imply, with the limits
 * each mode has (reflect pads smaller than the axis, edge padding of a non-empty axis). Each op
 * keeps its dtype and how it turns the real value into an element.
 */
record PadAttributes(int mode, float value, int[] begin, int[] end) {

    /** Reads the parameter words of a pad of {@code x}, the last of the record. */
    static PadAttributes read(OpContext c, Slot x) throws ModelFormatException {
        int mode = c.i("mode", Format.PAD_CONSTANT, Format.PAD_EDGE);
        float value = c.f();
        int rank = c.i("rank", x.rank(), x.rank());
        int[] begin = new int[rank];
        int[] end = new int[rank];
        for (int i = 0; i < rank; i++) {
            begin[i] = c.i("pad", 0, 1 << 24);
        }
        for (int i = 0; i < rank; i++) {
            end[i] = c.i("pad", 0, 1 << 24);
        }
        c.endParams();
        return new PadAttributes(mode, value, begin, end);
    }

    /**
     * Checks the pads against {@code x} and the shape of {@code y}; the source column of each
     * output column of the innermost axis ({@link Pad#columns}).
     */
    int[] columns(OpContext c, Slot x, Slot y) throws ModelFormatException {
        int rank = begin.length;
        int[] want = new int[rank];
        for (int d = 0; d < rank; d++) {
            int n = x.dim(d);
            if (mode == Format.PAD_REFLECT && (begin[d] >= Math.max(n, 1) || end[d] >= Math.max(n, 1))) {
                throw c.fail("reflect padding of axis " + d + " must be smaller than its size " + n);
            }
            if (n > Windows.LIMIT) {
                throw c.fail("axis " + d + " of " + n + " exceeds the runtime's padding limit of " + Windows.LIMIT);
            }
            if (mode == Format.PAD_EDGE && n == 0 && begin[d] + end[d] > 0) {
                throw c.fail("edge padding of the empty axis " + d);
            }
            want[d] = c.size((long) n + begin[d] + end[d], "padded size");
        }
        c.requireShape(y, want, "output");
        return rank == 0 ? new int[0] : Pad.columns(mode, begin[rank - 1], x.dim(rank - 1), want[rank - 1]);
    }
}
