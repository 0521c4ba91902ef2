package dev.mnc.driver;

import dev.mnc.frontend.onnx.ImportOptions;
import java.nio.file.Path;

/**
 * One conversion: an ONNX model in, a {@code .mnc} or {@code .tflite} file out (the format follows
 * the output's extension).
 */
public record ConvertRequest(Path input, Path output, ImportOptions importOptions, PassOptions passOptions) {

    public static ConvertRequest of(Path input, Path output) {
        return new ConvertRequest(input, output, ImportOptions.defaults(), PassOptions.defaults());
    }

    public ConvertRequest withImportOptions(ImportOptions o) {
        return new ConvertRequest(input, output, o, passOptions);
    }

    public ConvertRequest withPassOptions(PassOptions o) {
        return new ConvertRequest(input, output, importOptions, o);
    }
}
