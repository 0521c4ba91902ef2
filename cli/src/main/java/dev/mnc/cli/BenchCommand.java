package dev.mnc.cli;

import dev.mnc.driver.Benchmark;
import dev.mnc.driver.ModelFormat;
import dev.mnc.ir.MncException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mnc bench MODEL}: latency of mnc's runtime on one input, median and p90. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure mnc runtime latency of a .mnc (or .onnx, compiled in memory) model on a seeded",
            "random input: warm-up runs, then timed runs; prints median, p90, min and mean."})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    MncCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .mnc or .onnx model.")
    Path model;

    @Option(names = "--warmup", defaultValue = "20", paramLabel = "N", description = "Untimed runs first (default 20).")
    int warmup;

    @Option(names = "--runs", defaultValue = "50", paramLabel = "N", description = "Timed runs (default 50).")
    int runs;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "Threads per inference (default 1).")
    int threads;

    @Mixin
    ImportOptionsMixin importOptions;

    @Override
    public Integer call() {
        if (warmup < 0 || runs < 1 || threads < 1) {
            throw new MncException("--warmup must be >= 0, --runs and --threads >= 1");
        }
        ModelFormat f = ModelFormat.of(model);
        Benchmark.Result r = Benchmark.run(model, f, importOptions.toOptions(), threads, warmup, runs,
                parent.log.quiet ? null : Streams.printStream(spec.commandLine().getErr()));
        spec.commandLine().getOut().println(r.describe());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
