package dev.mnc.driver;

import dev.mnc.ir.MncException;
import java.nio.file.Path;
import java.util.Locale;

/** The model file formats mnc reads or writes, recognized by file extension. */
public enum ModelFormat {
    ONNX(".onnx"), MNC(".mnc"), TFLITE(".tflite");

    private final String extension;

    ModelFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The format of {@code file} from its extension; an unknown extension is an error listing the known ones. */
    public static ModelFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ModelFormat f : values()) {
            if (name.endsWith(f.extension)) {
                return f;
            }
        }
        throw new MncException(file + ": unknown model format; use a file ending in .onnx, .mnc or .tflite");
    }
}
