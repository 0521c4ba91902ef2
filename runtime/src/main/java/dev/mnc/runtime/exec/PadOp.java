package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.kernels.Pad;

/**
 * pad of an f32 tensor, constant, reflect or edge. Parameter words: mode, value (f32), rank, then
 * rank begin pads and rank end pads (non-negative).
 */
final class PadOp extends Operator {
    private final int mode;
    private final float value;
    private final int[] begin;
    private final int[] col;

    PadOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        Slot y = c.out();
        mode = c.i("mode", Format.PAD_CONSTANT, Format.PAD_EDGE);
        value = c.f();
        int rank = c.i("rank", x.rank(), x.rank());
        begin = new int[rank];
        int[] end = new int[rank];
        for (int i = 0; i < rank; i++) {
            begin[i] = c.i("pad", 0, 1 << 24);
        }
        for (int i = 0; i < rank; i++) {
            end[i] = c.i("pad", 0, 1 << 24);
        }
        c.endParams();
        c.requireType(x, DType.F32, "input");
        c.requireType(y, DType.F32, "output");
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
        col = rank == 0 ? new int[0] : Pad.columns(mode, begin[rank - 1], x.dim(rank - 1), want[rank - 1]);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        float[] x = b.floats(inputs[0]);
        int xo = b.offset(inputs[0]);
        float[] y = b.floats(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] in = inputs[0].shape;
        int[] out = outputs[0].shape;
        return () -> Pad.run(mode, value, in, begin, out, col, x, xo, y, yo);
    }
}
