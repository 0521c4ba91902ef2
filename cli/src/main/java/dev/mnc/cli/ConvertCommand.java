package dev.mnc.cli;

import dev.mnc.driver.ConvertRequest;
import dev.mnc.driver.ConvertResult;
import dev.mnc.driver.Converter;
import dev.mnc.driver.QuantizeSettings;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mnc convert IN.onnx -o OUT.mnc|OUT.tflite}: import, optimize, lower, write. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert an ONNX model to a .mnc file (for mnc's runtime) or a .tflite file, in float or,",
            "with --quantize int8 --calibration-data DIR, in int8 calibrated on real inputs.",
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

    @Mixin
    QuantizeOptionsMixin quantize;

    @Mixin
    PreprocessOptions preprocess;

    @Override
    public Integer call() {
        PrintStream err = Streams.printStream(spec.commandLine().getErr());
        QuantizeSettings q = quantize.toSettings(spec, preprocess.toPreprocessing());
        if (q == null && preprocess.toPreprocessing() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "image preprocessing options only apply to --calibration-data with --quantize int8");
        }
        Converter converter = new Converter(plugins.passSetup(), err, ProgressBar.forTerminal(err, parent.log.quiet));
        ConvertRequest req = ConvertRequest.of(input, output)
                .withImportOptions(importOptions.toOptions())
                .withPassOptions(pipeline.toOptions(parent.log.verbose))
                .withQuantize(q)
                .withReport(quantize.report);
        ConvertResult r = converter.convert(req);
        if (!parent.log.quiet) {
            PrintWriter out = spec.commandLine().getOut();
            r.quantizationReport().ifPresent(report -> {
                out.printf("int8: %s, %d calibration inputs; layers with the largest quantization error:%n",
                        report.options().describe(), report.samples());
                out.print(report.worstLayersTable(5));
                if (quantize.report != null) {
                    out.printf("wrote %s%n", quantize.report);
                }
            });
            StringBuilder ops = new StringBuilder();
            r.opCounts().forEach((op, n) -> ops.append(ops.length() > 0 ? ", " : "").append(op).append(' ').append(n));
            out.printf("wrote %s (%,d bytes): %s%n", r.output(), r.bytes(), ops);
        }
        return 0;
    }
}
