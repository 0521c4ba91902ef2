package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.Pad;
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
        mode = c.i("mode", Format.PAD_CONSTANT, Format.PAD_EDGE);
        float real = c.f();
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
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
        if (qx.scales()[0] != qy.scales()[0] || qx.zeroPoints()[0] != qy.zeroPoints()[0]) {
            throw c.fail("input and output quantization differ; int8 pad keeps the input's scale and zero point");
        }
        if (Float.isNaN(real)) {
            throw c.fail("pad value is NaN");
        }
        double q = QuantizedMultiplier.round((double) (real / qx.scales()[0])) + qx.zeroPoints()[0];
        value = (byte) Math.max(-128, Math.min(127, q));
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
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int[] in = inputs[0].shape;
        int[] out = outputs[0].shape;
        return () -> PadQ8.run(mode, value, in, begin, out, col, x, xo, y, yo);
    }
}
