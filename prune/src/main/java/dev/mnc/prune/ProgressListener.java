package dev.mnc.prune;

/**
 * Hears how a long pruning run advances: {@code stage} names the step, {@code done} of
 * {@code total} units are finished. Stages: {@code "activations"} and {@code "statistics"}
 * (calibration samples measured for {@link Importance#ACTIVATION} and
 * {@link Importance#RECONSTRUCTION}), {@code "sensitivity"} (layers whose output sensitivity is
 * measured), {@code "recovery"} (layers refit).
 * Called on the pruning thread; a command line shows it as a progress bar on a terminal.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores everything. */
    ProgressListener NONE = (stage, done, total) -> { };

    void progress(String stage, int done, int total);
}
