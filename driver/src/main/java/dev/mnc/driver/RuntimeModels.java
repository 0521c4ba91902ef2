package dev.mnc.driver;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.passes.Target;
import dev.mnc.runtime.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A model file ready for mnc's runtime, for the commands that execute one ({@code run},
 * {@code bench}): a {@code .mnc} is loaded as is, a {@code .onnx} is imported and compiled in
 * memory with the default native pipeline, so users can try a model before converting it.
 */
public final class RuntimeModels {
    private RuntimeModels() {}

    /**
     * @param refusal what to tell the user about any other format (appended to the file name)
     */
    public static Model open(Path file, ImportOptions importOptions, String refusal) throws IOException {
        return switch (ModelFormat.of(file)) {
            case MNC -> Model.load(file);
            case ONNX -> {
                Graph g = OnnxImporter.importModel(file, importOptions);
                new Converter(new PassSetup(RuntimeModels.class.getClassLoader()),
                        new PrintStream(PrintStream.nullOutputStream()))
                        .optimize(g, Target.NATIVE, PassOptions.defaults());
                yield Model.load(ByteBuffer.wrap(Converter.lower(g, ModelFormat.MNC, file)), file.toString());
            }
            default -> throw new MncException(file + ": " + refusal);
        };
    }
}
