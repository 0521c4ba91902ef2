package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.format.OpCode;
import dev.mnc.runtime.kernels.Quantization;

/**
 * quantize (f32 to i8, u8 or i16 with the output's quantization) and dequantize (i8, u8, i16 or
 * i32 to f32 with the input's), per tensor or per axis. No parameters: the scales and zero points
 * are the tensors' own, from the file's quantization table.
 */
final class QuantizeOp extends Operator {
    private final boolean quantize;
    private final float[] scales;
    private final int[] zps;
    private final int axisLen;
    private final int inner;

    QuantizeOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        c.endParams();
        Slot x = c.in(0);
        Slot y = c.out();
        quantize = c.record.op() == OpCode.QUANTIZE;
        c.requireShape(y, x.shape, "output");
        Slot q = quantize ? y : x;
        if (quantize) {
            if (x.dtype != DType.F32) {
                throw c.fail("input '" + x.name + "' is " + x.dtype.text() + "; quantize takes f32 (integer inputs"
                        + " go through requantize)");
            }
            if (y.dtype != DType.I8 && y.dtype != DType.U8 && y.dtype != DType.I16) {
                throw c.fail("output must be i8, u8 or i16, not " + y.dtype.text());
            }
        } else {
            c.requireType(y, DType.F32, "output");
            if (x.dtype == DType.F32 || x.dtype == DType.I64 || x.dtype == DType.BOOL) {
                throw c.fail("input must be i8, u8, i16 or i32, not " + x.dtype.text());
            }
        }
        ModelFile.QuantRecord r = q.quant;
        if (r == null) {
            throw c.fail("tensor '" + q.name + "' has no quantization parameters");
        }
        scales = r.scales();
        zps = r.zeroPoints();
        int in = 1;
        if (r.axis() >= 0) {
            for (int d = r.axis() + 1; d < q.rank(); d++) {
                in *= q.dim(d);
            }
        }
        axisLen = r.axis() >= 0 ? q.dim(r.axis()) : 1;
        inner = in;
    }

    @Override
    Step bind(Buffers b, Workers w) {
        Slot x = inputs[0];
        Slot y = outputs[0];
        Object xa = b.array(x);
        int xo = b.offset(x);
        Object ya = b.array(y);
        int yo = b.offset(y);
        int n = x.count;
        if (quantize) {
            return () -> Quantization.quantize((float[]) xa, xo, y.dtype, ya, yo, scales, zps, axisLen, inner, n);
        }
        return () -> Quantization.dequantize(x.dtype, xa, xo, (float[]) ya, yo, scales, zps, axisLen, inner, n);
    }
}
