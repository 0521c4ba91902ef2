package dev.mnc.cli;

import dev.mnc.frontend.onnx.ImportOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --input-shape NAME:DIMS}, binding dynamic dims (or resizing an input) at import. */
final class ImportOptionsMixin {
    @Option(names = "--input-shape", paramLabel = "NAME:DIMS",
            description = "Bind an input's shape, e.g. x:1,3,48,192 (repeatable). Dynamic batch dims default to 1; "
                    + "a static spatial size may change where the model allows (global pooling).")
    List<String> inputShapes = new ArrayList<>();

    ImportOptions toOptions() {
        ImportOptions o = ImportOptions.defaults();
        for (String s : inputShapes) {
            o = o.withInputShape(s);
        }
        return o;
    }
}
