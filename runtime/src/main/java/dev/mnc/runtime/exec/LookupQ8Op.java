package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.int8.HardSwishQ8;
import dev.mnc.runtime.kernels.int8.LookupTable;

/**
 * The elementwise 8-bit ops of one input, each a 256-entry {@link LookupTable} built at load:
 * sigmoid_q8 (TFLite's int8 LOGISTIC), hard_swish_q8 (its int8 HARD_SWISH), clip_q8 (RELU, RELU6,
 * RELU_N1_TO_1 and clamps: requantize to the output, then clamp; words: min, max as f32,
 * infinities allowed) and requantize (QUANTIZE between i8 and u8 or from one int8 quantization to
 * another; i8 or u8 on either side). No words except clip_q8's.
 */
final class LookupQ8Op extends Operator {
    private final byte[] table;
    private final int n;

    LookupQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        Slot x = c.in(0);
        Slot y = c.out();
        float lo = 0;
        float hi = 0;
        switch (c.record.op()) {
            case CLIP_Q8 -> {
                lo = c.f();
                hi = c.f();
                if (Float.isNaN(lo) || Float.isNaN(hi) || lo > hi) {
                    throw c.fail("bounds [" + lo + ", " + hi + "] are not an interval");
                }
            }
            default -> { }
        }
        c.endParams();
        c.requireShape(y, x.shape, "output");
        n = x.count;
        switch (c.record.op()) {
            case REQUANTIZE -> {
                ModelFile.QuantRecord qx = byteQuant(c, x, "input");
                ModelFile.QuantRecord qy = byteQuant(c, y, "output");
                table = LookupTable.requantize(x.dtype == DType.I8, qx.scales()[0], qx.zeroPoints()[0],
                        y.dtype == DType.I8, qy.scales()[0], qy.zeroPoints()[0]);
            }
            case SIGMOID_Q8 -> {
                ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
                ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
                table = LookupTable.logistic(true, qx.scales()[0], qx.zeroPoints()[0], qy.scales()[0],
                        qy.zeroPoints()[0]);
            }
            case HARD_SWISH_Q8 -> {
                ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
                ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
                if (!HardSwishQ8.supported(qx.scales()[0], qy.scales()[0])) {
                    throw c.fail("output scale " + qy.scales()[0] + " is too small for input scale " + qx.scales()[0]
                            + " (TFLite's int8 hard_swish needs s_x / 128 <= s_y)");
                }
                table = HardSwishQ8.table(qx.scales()[0], qx.zeroPoints()[0], qy.scales()[0], qy.zeroPoints()[0]);
            }
            default -> {
                ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
                ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
                table = LookupTable.clip(lo, hi, qx.scales()[0], qx.zeroPoints()[0], qy.scales()[0],
                        qy.zeroPoints()[0]);
            }
        }
    }

    private static ModelFile.QuantRecord byteQuant(OpContext c, Slot s, String what) throws ModelFormatException {
        if (s.dtype != DType.I8 && s.dtype != DType.U8) {
            throw c.fail(what + " '" + s.name + "' is " + s.dtype.text() + ", expected i8 or u8");
        }
        return c.perTensor(s, s.dtype, what);
    }

    @Override
    Step bind(Buffers b, Workers w) {
        byte[] x = (byte[]) b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        byte[] y = (byte[]) b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        return () -> LookupTable.apply(table, x, xo, y, yo, n);
    }
}
