package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.InferenceException;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Cast;

/**
 * gather of any dtype: slices of data along an axis at integer indices (negative ones count from
 * the end). Constant indices are checked at load; computed ones at run, where an index outside the
 * axis is an {@link InferenceException}. Parameter words: axis.
 */
final class GatherOp extends Operator {
    private final int outer;
    private final int axisLen;
    private final int inner;
    private final int count;

    GatherOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 2);
        Slot d = c.in(0);
        Slot idx = c.in(1);
        int axis = c.i("axis", 0, Math.max(0, d.rank() - 1));
        c.endParams();
        if (d.rank() == 0) {
            throw c.fail("data is a scalar");
        }
        if (idx.dtype == DType.F32 || idx.dtype == DType.BOOL) {
            throw c.fail("indices '" + idx.name + "' must be integers, not " + idx.dtype.text());
        }
        if (d.dtype != c.out().dtype) {
            throw c.fail("output type differs from the data type");
        }
        int[] want = new int[d.rank() - 1 + idx.rank()];
        int j = 0;
        for (int i = 0; i < axis; i++) {
            want[j++] = d.dim(i);
        }
        for (int i = 0; i < idx.rank(); i++) {
            want[j++] = idx.dim(i);
        }
        for (int i = axis + 1; i < d.rank(); i++) {
            want[j++] = d.dim(i);
        }
        c.requireShape(c.out(), want, "output");
        int o = 1;
        int in = 1;
        for (int i = 0; i < axis; i++) {
            o *= d.dim(i);
        }
        for (int i = axis + 1; i < d.rank(); i++) {
            in *= d.dim(i);
        }
        outer = o;
        axisLen = d.dim(axis);
        inner = in;
        count = idx.count;
        if (idx.constant != null) {
            for (int i = 0; i < count; i++) {
                long v = Cast.loadLong(idx.dtype, idx.constant, i);
                if (v < -axisLen || v >= axisLen) {
                    throw c.fail("index " + v + " is outside an axis of " + axisLen);
                }
            }
        }
    }

    @Override
    Step bind(Buffers b, Workers w) {
        Object data = b.array(inputs[0]);
        int dOff = b.offset(inputs[0]);
        Object idx = b.array(inputs[1]);
        int iOff = b.offset(inputs[1]);
        DType it = inputs[1].dtype;
        Object y = b.array(outputs[0]);
        int yOff = b.offset(outputs[0]);
        String name = record.describe();
        return () -> {
            for (int j = 0; j < count; j++) {
                long v = Cast.loadLong(it, idx, iOff + j);
                if (v < -axisLen || v >= axisLen) {
                    throw new InferenceException(name + ": gather index " + v + " is outside an axis of " + axisLen);
                }
            }
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < count; j++) {
                    long v = Cast.loadLong(it, idx, iOff + j);
                    int a = (int) (v < 0 ? v + axisLen : v);
                    System.arraycopy(data, dOff + (o * axisLen + a) * inner, y, yOff + (o * count + j) * inner, inner);
                }
            }
        };
    }
}
