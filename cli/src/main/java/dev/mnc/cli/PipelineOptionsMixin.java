package dev.mnc.cli;

import dev.mnc.driver.PassOptions;
import dev.mnc.passes.IoLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Pass pipeline selection and the instruments of STYLE.md section 2. */
final class PipelineOptionsMixin {
    @Option(names = "--passes", paramLabel = "P1,P2",
            description = "Passes to run instead of the default pipeline; 'default' stands for it, "
                    + "e.g. --passes my-pass,default. See 'mnc passes'.")
    String passes;

    @Option(names = "--disable-pass", paramLabel = "NAME", split = ",", description = "Skip these passes.")
    List<String> disabled = new ArrayList<>();

    @Option(names = "--pass-option", paramLabel = "NAME=VALUE", description = "Set a pass option (repeatable).")
    List<String> passOptions = new ArrayList<>();

    @Option(names = "--io-layout", paramLabel = "nhwc|nchw",
            description = "Layout of 4-D model inputs and outputs: nhwc (TFLite default, no transposes) or "
                    + "nchw (.mnc default: the ONNX model's own layout, one transpose at each 4-D boundary).")
    String ioLayout;

    @Option(names = "--verify-each", description = "Verify the graph after every pass.")
    boolean verifyEach;

    @Option(names = "--print-after-all", description = "Print the IR after every pass (to stderr).")
    boolean printAfterAll;

    @Option(names = "--print-after", paramLabel = "NAME", split = ",", description = "Print the IR after these passes.")
    List<String> printAfter = new ArrayList<>();

    @Option(names = "--print-changed", description = "Print the IR after each pass that changed it.")
    boolean printChanged;

    @Option(names = "--time-passes", description = "Print the time each pass took.")
    boolean timePasses;

    @Option(names = "--dump-ir-dir", paramLabel = "DIR", description = "Write the IR after each pass into DIR.")
    Path dumpIrDir;

    PassOptions toOptions(boolean verbose) {
        Optional<IoLayout> io = Optional.empty();
        if (ioLayout != null) {
            io = Optional.of(switch (ioLayout.toLowerCase(java.util.Locale.ROOT)) {
                case "nhwc" -> IoLayout.NHWC;
                case "nchw" -> IoLayout.NCHW;
                default -> throw new dev.mnc.ir.MncException("--io-layout must be nhwc or nchw, not '" + ioLayout + "'");
            });
        }
        return new PassOptions(Optional.ofNullable(passes), disabled, io, passOptions, verifyEach, printAfterAll,
                printAfter, printChanged, timePasses, dumpIrDir, verbose);
    }
}
