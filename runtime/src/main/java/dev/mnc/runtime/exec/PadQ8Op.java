package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.int8.PadQ8;
import dev.mnc.runtime.kernels.int8.QuantizedMultiplier;

/**
 * pad_q8 of an i8 tensor whose output keeps the input's quantization: constant, reflect or edge.
 * The real constant v fills as clamp(round(v / s) + Z) (ties away from zero), so 0 pads with the
 * zero point, as TFLite's PAD does. Parameter words as pad.
 */
final class PadQ8Op extends Operator {
    private final int mode;
    private final byte value;
    private final int[] begin;
    private final int[] col;

    PadQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        Slot y = c.out();
        PadAttributes a = PadAttributes.read(c, x);
        ModelFile.QuantRecord qx = c.sameQuantization(x, y, "pad");
        if (Float.isNaN(a.value())) {
            throw c.fail("pad value is NaN");
        }
        double q = QuantizedMultiplier.round((double) (a.value() / qx.scales()[0])) + qx.zeroPoints()[0];
        value = (byte) Math.max(-128, Math.min(127, q));
        mode = a.mode();
        begin = a.begin();
        col = a.columns(c, x, y);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] in = inputs[0].shape;
        int[] out = outputs[0].shape;
        return () -> PadQ8.run(mode, value, in, begin, out, col, x, xo, y, yo);
    }
}
