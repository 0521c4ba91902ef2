package dev.mnc.quantize;

import dev.mnc.ir.MncException;
import java.util.Locale;

/**
 * How an activation's range is chosen from the calibration data (see the observers in
 * {@link dev.mnc.quantize.observe}). {@link #MINMAX} and {@link #EMA} need one pass over the data;
 * the histogram methods need a second one, over intervals the first pass fixed.
 */
public enum CalibrationMethod {
    /** Smallest to largest value seen (TFLite's converter). */
    MINMAX,
    /** Moving averages of each sample's extremes. */
    EMA,
    /** From the (100 - p)th to the pth percentile. */
    PERCENTILE,
    /** The range of least KL divergence (TensorRT's entropy calibration). */
    ENTROPY,
    /** The range of least expected squared error. */
    MSE;

    /** True when the method reads a histogram, which takes a second pass. */
    public boolean needsHistogram() {
        return this == PERCENTILE || this == ENTROPY || this == MSE;
    }

    /** The name used on the command line and in reports: {@code minmax}, {@code ema}, ... */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a method name, case-insensitively. */
    public static CalibrationMethod fromText(String s) {
        for (CalibrationMethod m : values()) {
            if (m.text().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new MncException("unknown calibration method '" + s + "' (known: minmax, ema, percentile, entropy, mse)");
    }
}
