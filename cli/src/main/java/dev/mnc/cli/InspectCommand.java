package dev.mnc.cli;

import dev.mnc.driver.Inspector;
import dev.mnc.driver.ModelSummary;
import dev.mnc.driver.SummaryReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mnc inspect MODEL}: inputs, outputs, op counts, per-layer parameters and MACs. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Describe a model (.onnx, .mnc or .tflite): inputs, outputs, op counts, and per layer the",
            "output shape, parameters and MACs, with totals. ONNX models are counted after BatchNorm folding,",
            "so the totals match the files converted from them."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .onnx, .mnc or .tflite file.")
    Path model;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    ImportOptionsMixin importOptions;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        ModelSummary s = new Inspector(plugins.passSetup()).inspect(model, importOptions.toOptions());
        spec.commandLine().getOut().print(json ? SummaryReport.json(s) : SummaryReport.text(s));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
