package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;

/**
 * The parameter word softmax and softmax_q8 share (axis) and the view of the input it implies,
 * [outer, length, inner]: the product of the dims before the axis, the axis, the product after it.
 */
record SoftmaxAxis(int outer, int length, int inner) {

    /** Reads the axis of a softmax of {@code x}, the last parameter word; a scalar has no axis. */
    static SoftmaxAxis read(OpContext c, Slot x) throws ModelFormatException {
        int axis = c.i("axis", 0, Math.max(0, x.rank() - 1));
        c.endParams();
        if (x.rank() == 0) {
            throw c.fail("input is a scalar");
        }
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < axis; d++) {
            outer *= x.dim(d);
        }
        for (int d = axis + 1; d < x.rank(); d++) {
            inner *= x.dim(d);
        }
        return new SoftmaxAxis(outer, x.dim(axis), inner);
    }
}
