package dev.mnc.cli;

import dev.mnc.driver.QuantizeSettings;
import dev.mnc.quantize.CalibrationMethod;
import dev.mnc.quantize.Fallback;
import dev.mnc.quantize.IoType;
import dev.mnc.quantize.QuantizeOptions;
import dev.mnc.tensorio.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --quantize int8} and the flags that tune it (the calibration folder is {@link CalibrationOptions}). */
final class QuantizeOptionsMixin {
    @Option(names = "--quantize", paramLabel = "int8",
            description = "Quantize to int8 after optimizing (full-integer, the TFLite int8 specification).")
    String quantize;

    @Option(names = "--calibration-method", paramLabel = "METHOD",
            description = "How activation ranges are chosen: minmax, ema, percentile, entropy or mse (default mse).")
    String method;

    @Option(names = "--percentile", paramLabel = "P", description = "P for --calibration-method percentile (default 99.99).")
    Double percentile;

    @Option(names = "--per-tensor", description = "One weight scale per conv tensor instead of one per output channel.")
    boolean perTensor;

    @Option(names = "--per-channel-dense",
            description = "One weight scale per output unit of fully-connected layers too (default: per tensor).")
    boolean perChannelDense;

    @Option(names = "--io-type", paramLabel = "float|int8|uint8",
            description = "Element type of the model's inputs and outputs (default float: quantize/dequantize at the edges).")
    String ioType;

    @Option(names = "--cross-layer-equalization", description = "Equalize weight ranges of consecutive convs first.")
    boolean crossLayerEqualization;

    @Option(names = "--bias-correction", description = "Correct biases for the mean error weight quantization causes.")
    boolean biasCorrection;

    @Option(names = "--float-fallback", paramLabel = "N",
            description = "Keep the N layers with the worst quantization error in float.")
    Integer fallbackWorst;

    @Option(names = "--float-fallback-below", paramLabel = "DB",
            description = "Keep every layer whose own SQNR is below DB decibels in float.")
    Double fallbackBelow;

    @Option(names = "--calibration-threads", paramLabel = "N",
            description = "Threads running calibration (default: the cores); the output does not depend on it.")
    Integer threads;

    @Option(names = "--measure-samples", paramLabel = "N",
            description = "Measure the report's errors on the first N calibration inputs only (default: all).")
    Integer measureSamples;

    /**
     * The int8 step asked for, or null; a quantization flag without {@code --quantize int8}, or
     * {@code --quantize} without calibration data, is a usage error.
     */
    QuantizeSettings toSettings(CommandSpec spec, CalibrationOptions calibration, Preprocessing preprocessing) {
        List<String> given = new ArrayList<>();
        for (String name : List.of("--calibration-method", "--percentile", "--per-tensor", "--per-channel-dense",
                "--io-type", "--cross-layer-equalization", "--bias-correction", "--float-fallback",
                "--float-fallback-below", "--calibration-threads", "--measure-samples")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                given.add(name);
            }
        }
        if (quantize == null) {
            if (!given.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.join(", ", given)
                        + " only applies with --quantize int8");
            }
            return null;
        }
        if (!quantize.toLowerCase(Locale.ROOT).equals("int8")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quantize supports int8, not '" + quantize + "'");
        }
        if (calibration.dir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--quantize int8 needs --calibration-data DIR (a folder of images or .npy inputs)");
        }
        if (percentile != null && !"percentile".equalsIgnoreCase(method)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--percentile only applies with --calibration-method percentile");
        }
        QuantizeOptions.Builder b = QuantizeOptions.builder()
                .perChannel(!perTensor)
                .perChannelFullyConnected(perChannelDense)
                .crossLayerEqualization(crossLayerEqualization)
                .biasCorrection(biasCorrection)
                .threads(threads != null ? threads
                        : Math.min(QuantizeOptions.MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        if (method != null) {
            b.method(CalibrationMethod.fromText(method));
        }
        if (percentile != null) {
            b.percentile(percentile);
        }
        if (ioType != null) {
            b.ioType(IoType.fromText(ioType));
        }
        if (calibration.limit != null) {
            b.calibrationLimit(calibration.limit);
        }
        if (measureSamples != null) {
            b.measureSamples(measureSamples);
        }
        if (calibration.seed != null) {
            b.seed(calibration.seed);
        }
        if (fallbackWorst != null || fallbackBelow != null) {
            b.fallback(new Fallback(fallbackWorst == null ? 0 : fallbackWorst,
                    fallbackBelow == null ? Double.NEGATIVE_INFINITY : fallbackBelow));
        }
        return new QuantizeSettings(calibration.dir, preprocessing, b.build());
    }
}
