package dev.mnc.driver;

import dev.mnc.frontend.onnx.ImportOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One conversion: an ONNX model in, a {@code .mnc} or {@code .tflite} file out (the format follows
 * the output's extension), optionally quantized to int8 with a JSON report of what that did.
 *
 * @param quantize the int8 step, or null for a float model
 * @param report where to write the JSON report of the quantization, or null
 */
public record ConvertRequest(Path input, Path output, ImportOptions importOptions, PassOptions passOptions,
        QuantizeSettings quantize, Path report) {

    public static ConvertRequest of(Path input, Path output) {
        return new ConvertRequest(input, output, ImportOptions.defaults(), PassOptions.defaults(), null, null);
    }

    public ConvertRequest withImportOptions(ImportOptions o) {
        return new ConvertRequest(input, output, o, passOptions, quantize, report);
    }

    public ConvertRequest withPassOptions(PassOptions o) {
        return new ConvertRequest(input, output, importOptions, o, quantize, report);
    }

    public ConvertRequest withQuantize(QuantizeSettings q) {
        return new ConvertRequest(input, output, importOptions, passOptions, q, report);
    }

    public ConvertRequest withReport(Path r) {
        return new ConvertRequest(input, output, importOptions, passOptions, quantize, r);
    }

    public Optional<QuantizeSettings> quantization() {
        return Optional.ofNullable(quantize);
    }
}
