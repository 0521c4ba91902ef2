package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;

/**
 * Sliding-window output sizes, checked: floor((in + pb + pe - d*(k-1) - 1) / s) + 1. The padded
 * input and the dilated window must stay below 2^30 so that every coordinate a kernel computes in
 * int arithmetic (oy*s - pad + ky*d) is exact.
 */
final class Windows {
    private Windows() {}

    /** Largest padded extent or dilated window a kernel may index. */
    static final long LIMIT = 1L << 30;

    static int out(OpContext c, int in, int k, int s, int d, int pb, int pe) throws ModelFormatException {
        long window = (long) d * (k - 1) + 1;
        if ((long) in + pb + pe > LIMIT || window > LIMIT) {
            throw c.fail("input of " + in + " with pads " + pb + "," + pe + " and a window of " + window
                    + " exceed the runtime's limit of " + LIMIT);
        }
        long span = (long) in + pb + pe - window;
        if (span < 0) {
            throw c.fail("a window of " + k + " (dilation " + d + ") does not fit an input of " + in + " with pads "
                    + pb + "," + pe);
        }
        return c.size(span / s + 1, "output size");
    }
}
