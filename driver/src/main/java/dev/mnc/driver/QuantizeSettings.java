package dev.mnc.driver;

import dev.mnc.quantize.QuantizeOptions;
import dev.mnc.tensorio.Preprocessing;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The int8 step of a conversion: where the calibration inputs are, how images among them are
 * preprocessed (null for a folder of {@code .npy} tensors), and how to quantize.
 */
public record QuantizeSettings(Path calibrationData, Preprocessing preprocessing, QuantizeOptions options) {
    public QuantizeSettings {
        Objects.requireNonNull(calibrationData, "calibrationData");
        Objects.requireNonNull(options, "options");
    }
}
