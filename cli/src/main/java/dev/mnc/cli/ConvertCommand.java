package dev.mnc.cli;

import dev.mnc.driver.ClassifierMetadataSettings;
import dev.mnc.driver.ConvertRequest;
import dev.mnc.driver.ConvertResult;
import dev.mnc.driver.Converter;
import dev.mnc.driver.ModelFormat;
import dev.mnc.driver.PruneSettings;
import dev.mnc.driver.QuantizeSettings;
import dev.mnc.ir.MncException;
import dev.mnc.tensorio.Preprocessing;
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

/** {@code mnc convert IN.onnx -o OUT.mnc|OUT.tflite}: import, (prune,) optimize, (quantize,) lower, write. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert an ONNX model to a .mnc file (for mnc's runtime) or a .tflite file, in float or,",
            "with --quantize int8 --calibration-data DIR, in int8 calibrated on real inputs; with a pruning",
            "budget (--prune-ratio, see 'mnc prune') it is pruned first.",
            "The output format follows the extension of -o; the output is written whole or not at all."})
class ConvertCommand implements Callable<Integer> {
    @ParentCommand
    MncCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.onnx", description = "The ONNX model.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "OUT.mnc, OUT.tflite, or OUT.onnx for a pruned float model.")
    Path output;

    @Option(names = "--report", paramLabel = "FILE.json",
            description = "Write what pruning and quantization did as JSON: per layer channels, params and MACs; "
                    + "per quantized tensor scales, zero points and float-vs-int8 SQNR.")
    Path report;

    @Option(names = "--tflite-metadata",
            description = "Embed TFLite classifier metadata in a .tflite output (the input normalization of "
                    + "--preprocess or --scale/--mean/--std), so TFLite's Task Library and Android Studio feed the "
                    + "model without code of your own.")
    boolean tfliteMetadata;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one per line in output order, embedded with --tflite-metadata (implies it).")
    Path labels;

    @Mixin
    ImportOptionsMixin importOptions;

    @Mixin
    PipelineOptionsMixin pipeline;

    @Mixin
    PluginOptions plugins;

    @Mixin
    PruneOptionsMixin prune;

    @Mixin
    QuantizeOptionsMixin quantize;

    @Mixin
    CalibrationOptions calibration;

    @Mixin
    PreprocessOptions preprocess;

    @Override
    public Integer call() {
        PrintStream err = Streams.printStream(spec.commandLine().getErr());
        if (calibration.limit != null && calibration.limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calibration-limit must be at least 1");
        }
        if (requiresPruning() && !prune.any()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a pruning budget: --prune-ratio R, "
                    + "--prune-target-macs N, --prune-target-params N or --width-multiplier A");
        }
        Preprocessing images = preprocess.toPreprocessing();
        PruneSettings p = prune.toSettings(spec, calibration, images);
        QuantizeSettings q = quantize.toSettings(spec, calibration, images);
        boolean calibrates = q != null || p != null && p.calibrationData() != null;
        if (!calibrates && (calibration.dir != null || calibration.limit != null || calibration.seed != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calibration-data, --calibration-limit and "
                    + "--seed apply to --quantize int8 and to pruning that measures activations or recovers");
        }
        boolean metadata = tfliteMetadata || labels != null;
        if (!calibrates && images != null && !metadata) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "image preprocessing options only apply to --calibration-data and to --tflite-metadata");
        }
        ClassifierMetadataSettings classifier = null;
        if (metadata && !writesTflite(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tflite-metadata and --labels go into .tflite files; write -o OUT.tflite");
        }
        if (metadata) {
            try {
                classifier = new ClassifierMetadataSettings(images, labels);
            } catch (MncException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Converter converter = new Converter(plugins.passSetup(), err, ProgressBar.forTerminal(err, parent.log.quiet));
        ConvertRequest req = ConvertRequest.of(input, output)
                .withImportOptions(importOptions.toOptions())
                .withPassOptions(pipeline.toOptions(parent.log.verbose))
                .withPrune(p)
                .withQuantize(q)
                .withReport(report)
                .withClassifierMetadata(classifier);
        ConvertResult r = converter.convert(req);
        if (!parent.log.quiet) {
            PrintWriter out = spec.commandLine().getOut();
            r.pruneReport().ifPresent(pr -> out.print(pr.table()));
            afterPruning(r, out);
            r.quantizationReport().ifPresent(qr -> {
                out.printf("int8: %s, %d calibration inputs; layers with the largest quantization error:%n",
                        qr.options().describe(), qr.samples());
                out.print(qr.worstLayersTable(5));
            });
            if (report != null) {
                out.printf("wrote %s%n", report);
            }
            StringBuilder ops = new StringBuilder();
            r.opCounts().forEach((op, n) -> ops.append(ops.length() > 0 ? ", " : "").append(op).append(' ').append(n));
            out.printf("wrote %s (%,d bytes): %s%n", r.output(), r.bytes(), ops);
        }
        return 0;
    }

    /** Whether {@code out} names a .tflite file, as the converter reads extensions (any case). */
    private static boolean writesTflite(Path out) {
        try {
            return ModelFormat.of(out) == ModelFormat.TFLITE;
        } catch (MncException e) {
            return false;
        }
    }

    /** True for commands that exist to prune ({@code mnc prune}). */
    boolean requiresPruning() {
        return false;
    }

    /** Hook for {@code mnc prune}: more to say once a pruned model is written. */
    void afterPruning(ConvertResult r, PrintWriter out) {}
}
