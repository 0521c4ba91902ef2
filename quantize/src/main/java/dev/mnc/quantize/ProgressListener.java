package dev.mnc.quantize;

/**
 * Told about each calibration sample as a phase of quantization processes it, on the thread that
 * called {@link Quantizer#quantize}, in sample order. Phases: {@code "calibrate"} (ranges),
 * {@code "histogram"} (the histogram methods' second pass), {@code "measure"} (the float-vs-int8
 * error report), and {@code "measure fallback"} when layers were moved back to float.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Says nothing. */
    ProgressListener NONE = (phase, done, total) -> { };

    /** {@code done} of {@code total} samples of {@code phase} are finished. */
    void progress(String phase, int done, int total);
}
