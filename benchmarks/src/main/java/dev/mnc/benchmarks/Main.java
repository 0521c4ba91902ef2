package dev.mnc.benchmarks;

import dev.mnc.driver.Benchmark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and prints, per model, the median latency of each contender and its ratio
 * to ONNX Runtime's (below 1 means mnc is faster), with the machine named.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        OptionsBuilder o = new OptionsBuilder();
        o.include(args.length > 0 ? args[0] : Latency.class.getSimpleName());
        // Replaces the @Fork arguments, so it repeats them: the Vector API module lets the runtime
        // use its vector int8 kernels, as ./mnc does.
        o.jvmArgsAppend("-Xmx2g", "--add-modules=jdk.incubator.vector",
                "-Dmnc.shared.dir=" + System.getProperty("mnc.shared.dir", "../shared"));
        Collection<RunResult> results = new Runner(o.build()).run();
        Map<String, Map<String, Double>> medians = new TreeMap<>();
        for (RunResult r : results) {
            String model = r.getParams().getParam("model");
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.') + 1);
            double median = r.getPrimaryResult().getStatistics().getPercentile(50);
            medians.computeIfAbsent(model, k -> new TreeMap<>()).put(bench, median);
        }
        System.out.println();
        System.out.println("Machine: " + Benchmark.cpu() + ", Java " + System.getProperty("java.version"));
        List<String> lines = new ArrayList<>();
        medians.forEach((model, m) -> {
            Double ort = m.get("onnxRuntimeFloat");
            m.forEach((bench, ms) -> lines.add(String.format(Locale.ROOT, "%-12s %-18s median %8.2f ms%s", model, bench, ms,
                    ort == null ? "" : String.format(Locale.ROOT, "   x%.2f of ONNX Runtime", ms / ort))));
        });
        lines.forEach(System.out::println);
    }
}
