package dev.mnc.backend.tflite;

import java.util.Arrays;
import org.tensorflow.lite.schema.Padding;

/**
 * How a windowed op's explicit IR pads become TFLite padding. TFLite knows two paddings:
 * VALID (none) and SAME, which for each spatial axis pads
 * <pre>
 *   out = ceil(in / s),  total = max((out - 1) * s + (k - 1) * d + 1 - in, 0),
 *   before = total / 2 (rounded down),  after = total - before
 * </pre>
 * so the odd pixel goes to the end (bottom, right). When the IR pads equal one of the two, the op
 * uses it directly; otherwise the plan pads explicitly (a PAD op) and runs the op VALID.
 *
 * @param padding {@link Padding#SAME} or {@link Padding#VALID}
 * @param explicitPads [top, left, bottom, right] a PAD op must add first, or null
 */
record PaddingPlan(byte padding, int[] explicitPads) {

    /** True when a PAD op must run first. */
    boolean needsPad() {
        return explicitPads != null;
    }

    /**
     * The plan for input size [h, w], kernel [kh, kw], strides, dilations and IR pads
     * [top, left, bottom, right].
     */
    static PaddingPlan of(long h, long w, int[] kernel, int[] strides, int[] dilations, int[] pads) {
        if (Arrays.stream(pads).allMatch(p -> p == 0)) {
            return new PaddingPlan(Padding.VALID, null);
        }
        long[] sh = same(h, kernel[0], strides[0], dilations[0]);
        long[] sw = same(w, kernel[1], strides[1], dilations[1]);
        if (pads[0] == sh[0] && pads[2] == sh[1] && pads[1] == sw[0] && pads[3] == sw[1]) {
            return new PaddingPlan(Padding.SAME, null);
        }
        return new PaddingPlan(Padding.VALID, pads.clone());
    }

    /** TFLite's SAME pads [before, after] along one axis. */
    static long[] same(long in, int k, int s, int d) {
        long out = (in + s - 1) / s;
        long total = Math.max((out - 1) * s + (long) (k - 1) * d + 1 - in, 0);
        return new long[] {total / 2, total - total / 2};
    }
}
