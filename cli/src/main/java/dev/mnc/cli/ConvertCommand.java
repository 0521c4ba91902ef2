package dev.mnc.cli;

import dev.mnc.driver.ConvertRequest;
import dev.mnc.driver.ConvertResult;
import dev.mnc.driver.Converter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mnc convert IN.onnx -o OUT.mnc|OUT.tflite}: import, optimize, lower, write. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert an ONNX model to a .mnc file (for mnc's runtime) or a .tflite file.",
            "The output format follows the extension of -o; the output is written whole or not at all."})
final class ConvertCommand implements Callable<Integer> {
    @ParentCommand
    MncCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.onnx", description = "The ONNX model.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "OUT.mnc or OUT.tflite.")
    Path output;

    @Mixin
    ImportOptionsMixin importOptions;

    @Mixin
    PipelineOptionsMixin pipeline;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        PrintStream err = Streams.printStream(spec.commandLine().getErr());
        Converter converter = new Converter(plugins.passSetup(), err);
        ConvertRequest req = ConvertRequest.of(input, output)
                .withImportOptions(importOptions.toOptions())
                .withPassOptions(pipeline.toOptions(parent.log.verbose));
        ConvertResult r = converter.convert(req);
        if (!parent.log.quiet) {
            StringBuilder ops = new StringBuilder();
            r.opCounts().forEach((op, n) -> ops.append(ops.length() > 0 ? ", " : "").append(op).append(' ').append(n));
            spec.commandLine().getOut().printf("wrote %s (%,d bytes): %s%n", r.output(), r.bytes(), ops);
        }
        return 0;
    }
}
