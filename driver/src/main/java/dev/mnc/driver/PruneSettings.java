package dev.mnc.driver;

import dev.mnc.prune.PruneOptions;
import dev.mnc.tensorio.Preprocessing;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The channel-pruning step of a conversion: how to prune, and where the calibration inputs are
 * (null when the options need none: weight-norm importance without recovery) and how images among
 * them are preprocessed.
 */
public record PruneSettings(PruneOptions options, Path calibrationData, Preprocessing preprocessing) {
    public PruneSettings {
        Objects.requireNonNull(options, "options");
        if (options.needsCalibration() && calibrationData == null) {
            throw new dev.mnc.ir.MncException("pruning with " + options.importance().text() + " importance"
                    + (options.recovery() ? " and recovery" : "") + " needs calibration data (--calibration-data DIR)"
                    + (options.recovery() ? "; or turn recovery off (--no-recovery) with l1, l2 or bn-gamma importance"
                            : ""));
        }
    }
}
