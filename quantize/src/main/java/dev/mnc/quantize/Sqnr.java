package dev.mnc.quantize;

/**
 * Signal-to-quantization-noise ratio of an int8 tensor against its float original, accumulated
 * over calibration samples: SQNR = 10 log10(sum x^2 / sum (x - x~)^2) dB. Every 6 dB is about one
 * bit: an ideal 8-bit quantization of a uniform signal scores about 48 dB.
 *
 * @param signal sum of squares of the float values
 * @param noise sum of squared differences between float and dequantized int8 values
 */
public record Sqnr(double signal, double noise) {

    /** The ratio in dB: +infinity when the int8 values are exact, -infinity for a zero signal with noise. */
    public double db() {
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(signal / noise);
    }

    Sqnr plus(Sqnr o) {
        return new Sqnr(signal + o.signal, noise + o.noise);
    }
}
