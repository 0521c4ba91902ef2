package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;

/** Sliding-window output sizes, checked: floor((in + pb + pe - d*(k-1) - 1) / s) + 1. */
final class Windows {
    private Windows() {}

    static int out(OpContext c, int in, int k, int s, int d, int pb, int pe) throws ModelFormatException {
        long span = (long) in + pb + pe - ((long) d * (k - 1) + 1);
        if (span < 0) {
            throw c.fail("a window of " + k + " (dilation " + d + ") does not fit an input of " + in + " with pads "
                    + pb + "," + pe);
        }
        return c.size(span / s + 1, "output size");
    }
}
