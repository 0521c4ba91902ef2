package dev.mnc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the calibration inputs of pruning and int8 quantization come from. */
final class CalibrationOptions {
    @Option(names = "--calibration-data", paramLabel = "DIR",
            description = "Folder of calibration inputs for --quantize and pruning: images (preprocessed as with "
                    + "--preprocess) or .npy tensors in the ONNX model's input shape.")
    Path dir;

    @Option(names = "--calibration-limit", paramLabel = "N",
            description = "Use at most N calibration inputs, a seeded random choice when the folder has more.")
    Integer limit;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the --calibration-limit choice (default 0).")
    Long seed;
}
