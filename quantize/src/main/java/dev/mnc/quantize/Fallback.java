package dev.mnc.quantize;

import dev.mnc.ir.MncException;

/**
 * Which layers stay in float (with {@code dequantize}/{@code quantize} around them) because
 * quantizing them costs the most accuracy. Layers are ranked by their local SQNR: the
 * signal-to-quantization-noise ratio of the layer's int8 output against its float output when the
 * layer alone is quantized (its inputs quantized from the float model's values), measured on the
 * calibration data. See {@link QuantizationReport}.
 *
 * @param worstLayers keep this many of the lowest-SQNR layers in float (0: none)
 * @param minSqnrDb keep every layer whose local SQNR is below this many dB in float
 *     ({@link Double#NEGATIVE_INFINITY}: none)
 */
public record Fallback(int worstLayers, double minSqnrDb) {

    public Fallback {
        if (worstLayers < 0) {
            throw new MncException("the number of layers kept in float must not be negative, got " + worstLayers);
        }
        if (Double.isNaN(minSqnrDb) || minSqnrDb == Double.POSITIVE_INFINITY) {
            throw new MncException("the SQNR threshold must be a number of dB, got " + minSqnrDb);
        }
    }

    /** Everything quantizable is quantized. */
    public static Fallback none() {
        return new Fallback(0, Double.NEGATIVE_INFINITY);
    }

    /** Keep the {@code n} worst layers in float. */
    public static Fallback worst(int n) {
        return new Fallback(n, Double.NEGATIVE_INFINITY);
    }

    /** Keep layers whose local SQNR is below {@code db} in float. */
    public static Fallback belowSqnr(double db) {
        return new Fallback(0, db);
    }

    /** True when no layer is kept in float. */
    public boolean isNone() {
        return worstLayers == 0 && minSqnrDb == Double.NEGATIVE_INFINITY;
    }
}
