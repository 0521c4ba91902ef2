package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter words mean and mean_q8 share (keep_dims, 0 or 1; the axis count; the axes,
 * ascending and distinct) and what they imply for an input shape: the output shape and the number
 * of elements each output averages.
 *
 * @param reduced per input axis, whether it is averaged over
 * @param count how many axes are reduced
 */
record MeanAxes(boolean keepDims, boolean[] reduced, int count) {

    /** Reads the parameter words of a mean of {@code x}, the last of the record. */
    static MeanAxes read(OpContext c, Slot x) throws ModelFormatException {
        boolean keep = c.i("keep_dims", 0, 1) == 1;
        int n = c.i("axis count", 1, Math.max(1, x.rank()));
        boolean[] reduced = new boolean[x.rank()];
        int prev = -1;
        for (int i = 0; i < n; i++) {
            int a = c.i("axis", prev + 1, x.rank() - 1);
            reduced[a] = true;
            prev = a;
        }
        c.endParams();
        return new MeanAxes(keep, reduced, n);
    }

    /** The output shape: reduced axes dropped, or kept as 1 with keep_dims. */
    int[] outShape(int[] shape) {
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                out.add(shape[d]);
            } else if (keepDims) {
                out.add(1);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The number of input elements each output averages: the product of the reduced dims. */
    long elements(int[] shape) {
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                n *= shape[d];
            }
        }
        return n;
    }
}
