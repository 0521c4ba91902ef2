package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
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
        PadAttributes a = PadAttributes.read(c, x);
        c.requireType(x, DType.F32, "input");
        c.requireType(y, DType.F32, "output");
        mode = a.mode();
        value = a.value();
        begin = a.begin();
        col = a.columns(c, x, y);
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
