package dev.mnc.quantize;

import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Rounding;
import dev.mnc.quantize.observe.Range;

/**
 * The arithmetic of the TFLite int8 specification: real = scale * (q - zero_point).
 *
 * <ul>
 *   <li>Activations, per tensor, asymmetric: the range is widened to contain 0, scale =
 *       (hi - lo) / 255 and zero_point = round(-128 - lo / scale) clamped to [-128, 127], so that
 *       real 0 is exactly the integer zero_point (padding and ReLU rely on it). This nudges the
 *       range by less than half a step.</li>
 *   <li>Weights, symmetric: scale = max|w| / 127 per output channel (or per tensor), zero point 0,
 *       q = round(w / scale) clamped to [-127, 127].</li>
 *   <li>Biases, int32: scale = input_scale * weight_scale (per channel when the weights are),
 *       zero point 0, q = round(b / scale) clamped to the int32 range. Before that, as TFLite's
 *       converter does, a weight scale too small for its bias is raised so that |b| / scale stays
 *       below half of 2^31 - 1: the bias then always fits, at a slight loss of weight resolution
 *       in that one channel.</li>
 * </ul>
 * Rounding is half away from zero (C's {@code round}, which TFLite uses), computed in double from
 * the float scale. No scale is below {@link #SCALE_FLOOR}: an all-zero channel or a zero-width
 * activation range gets the floor, a valid positive scale under which it quantizes to zeros.
 */
public final class AffineQuantization {
    /** Smallest scale given to anything (the IR requires positive scales). */
    public static final float SCALE_FLOOR = 1e-9f;
    /** Largest magnitude of a symmetric int8 weight. */
    public static final int WEIGHT_MAX = 127;
    /** The fixed output parameters of softmax and sigmoid: [0, 255/256] in steps of 1/256. */
    public static final QuantParams UNIT_INTERVAL = QuantParams.perTensor(1f / 256, -128);

    private AffineQuantization() {}

    /** Per-tensor int8 parameters for an activation whose values lie in {@code range}. */
    public static QuantParams activation(Range range) {
        Range r = range.withZero();
        float scale = Math.max(SCALE_FLOOR, (float) r.width() / 255f);
        if (Float.isInfinite(scale)) {
            throw new IllegalArgumentException("range " + r + " is too wide for a float scale");
        }
        double fromMin = -128 - r.lo() / scale;
        int zp = (int) Math.max(-128, Math.min(127, (long) Rounding.halfAwayFromZero(fromMin)));
        return QuantParams.perTensor(scale, zp);
    }

    /** The real interval [scale * (-128 - zp), scale * (127 - zp)] an int8 tensor can hold. */
    public static Range representable(QuantParams q) {
        return new Range((double) q.scale() * (-128 - q.zeroPoint()), (double) q.scale() * (127 - q.zeroPoint()));
    }

    /**
     * Symmetric weight scales: one per slice of the leading axis ({@code channels} slices of equal
     * length, laid out one after another) or one for the whole tensor when {@code channels} is 1.
     */
    public static float[] weightScales(float[] w, int channels) {
        int inner = w.length / channels;
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            float max = 0;
            for (int i = c * inner, end = i + inner; i < end; i++) {
                max = Math.max(max, Math.abs(w[i]));
            }
            scales[c] = Math.max(SCALE_FLOOR, max / WEIGHT_MAX);
        }
        return scales;
    }

    /**
     * Raises weight scales that would put a bias beyond half the int32 range (see the class
     * comment). {@code scales} has one entry per bias element, or one for all of them.
     */
    public static float[] fitBias(float[] scales, float[] bias, float inputScale) {
        float[] out = scales.clone();
        double limit = 0.5 * Integer.MAX_VALUE;
        for (int c = 0; c < bias.length; c++) {
            int s = scales.length == 1 ? 0 : c;
            double need = Math.abs((double) bias[c]) / (inputScale * (double) out[s]);
            if (need >= limit) {
                out[s] = (float) (2 * Math.abs((double) bias[c]) / ((double) inputScale * Integer.MAX_VALUE));
            }
        }
        return out;
    }

    /** q = round(w / scale) clamped to [-127, 127], with one scale per leading-axis slice (or one). */
    public static byte[] quantizeWeights(float[] w, float[] scales) {
        int inner = w.length / scales.length;
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            long v = (long) Rounding.halfAwayFromZero(w[i] / (double) scales[i / inner]);
            q[i] = (byte) Math.max(-WEIGHT_MAX, Math.min(WEIGHT_MAX, v));
        }
        return q;
    }

    /** The real values int8 weights stand for: scale * q. */
    public static float[] dequantizeWeights(byte[] q, float[] scales) {
        int inner = q.length / scales.length;
        float[] w = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            w[i] = scales[i / inner] * q[i];
        }
        return w;
    }

    /** Bias scales: input_scale * weight_scale, computed in float as TFLite's kernels compute them. */
    public static float[] biasScales(float inputScale, float[] weightScales) {
        float[] s = new float[weightScales.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(Float.MIN_NORMAL, inputScale * weightScales[i]);
        }
        return s;
    }

    /** q = round(b / scale) clamped to the int32 range, with one scale per element (or one). */
    public static int[] quantizeBias(float[] bias, float[] scales) {
        int[] q = new int[bias.length];
        for (int i = 0; i < bias.length; i++) {
            long v = (long) Rounding.halfAwayFromZero(bias[i] / (double) scales[scales.length == 1 ? 0 : i]);
            q[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }
}
