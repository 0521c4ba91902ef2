package dev.mnc.driver;

import dev.mnc.frontend.onnx.ImportOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One conversion: an ONNX model in, a {@code .mnc}, {@code .tflite} or (pruned) {@code .onnx} file
 * out (the format follows the output's extension), optionally pruned and quantized to int8, with a
 * JSON report of what those steps did.
 *
 * @param prune the channel-pruning step, or null
 * @param quantize the int8 step, or null for a float model
 * @param report where to write the JSON report of pruning and quantization, or null
 * @param classifierMetadata TFLite Support metadata to embed in a {@code .tflite} output, or null
 */
public record ConvertRequest(Path input, Path output, ImportOptions importOptions, PassOptions passOptions,
        PruneSettings prune, QuantizeSettings quantize, Path report, ClassifierMetadataSettings classifierMetadata) {

    public static ConvertRequest of(Path input, Path output) {
        return new ConvertRequest(input, output, ImportOptions.defaults(), PassOptions.defaults(), null, null, null, null);
    }

    public ConvertRequest withImportOptions(ImportOptions o) {
        return new ConvertRequest(input, output, o, passOptions, prune, quantize, report, classifierMetadata);
    }

    public ConvertRequest withPassOptions(PassOptions o) {
        return new ConvertRequest(input, output, importOptions, o, prune, quantize, report, classifierMetadata);
    }

    public ConvertRequest withPrune(PruneSettings p) {
        return new ConvertRequest(input, output, importOptions, passOptions, p, quantize, report, classifierMetadata);
    }

    public ConvertRequest withQuantize(QuantizeSettings q) {
        return new ConvertRequest(input, output, importOptions, passOptions, prune, q, report, classifierMetadata);
    }

    public ConvertRequest withReport(Path r) {
        return new ConvertRequest(input, output, importOptions, passOptions, prune, quantize, r, classifierMetadata);
    }

    public ConvertRequest withClassifierMetadata(ClassifierMetadataSettings m) {
        return new ConvertRequest(input, output, importOptions, passOptions, prune, quantize, report, m);
    }

    public Optional<PruneSettings> pruning() {
        return Optional.ofNullable(prune);
    }

    public Optional<QuantizeSettings> quantization() {
        return Optional.ofNullable(quantize);
    }
}
