package dev.mnc.passes;

/**
 * Hears how a long transformation advances over its calibration data, on the thread that called
 * it, in order: {@code phase} names the step and {@code done} of {@code total} units (samples, or
 * layers) are finished. The quantizer's phases are {@code "calibrate"}, {@code "histogram"},
 * {@code "measure"} and {@code "measure fallback"}; the pruner's {@code "activations"} and
 * {@code "recovery"}. A command line draws it as a progress bar on a terminal.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Says nothing. */
    ProgressListener NONE = (phase, done, total) -> { };

    /** {@code done} of {@code total} samples of {@code phase} are finished. */
    void progress(String phase, int done, int total);
}
