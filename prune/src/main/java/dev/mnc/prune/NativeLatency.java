package dev.mnc.prune;

import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures how long the native runtime takes to run a model, so a pruning report can show
 * latency and not only MACs. One single-threaded session runs the same inputs {@code warmup}
 * times unmeasured (for the JIT), then {@code runs} times, each timed with
 * {@link System#nanoTime()}; the median and 90th percentile are reported. Timing depends on the
 * machine and its load: compare models measured in the same process, one after the other.
 */
public final class NativeLatency {
    private NativeLatency() {}

    /** Milliseconds per run. */
    public record Latency(double medianMillis, double p90Millis, int runs) {}

    /** Compiles an NCHW graph (a copy) with the native default pipeline into {@code .mnc} bytes. */
    public static byte[] compile(Graph graph) {
        Graph g = graph.copy();
        BuiltinPasses.defaultPipeline(Target.NATIVE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        return NativeCompiler.compile(g);
    }

    /** Times {@code graph} compiled by {@link #compile}; inputs by graph input name, NCHW as the graph declares them. */
    public static Latency measure(Graph graph, Map<String, TensorData> inputs, int warmup, int runs) {
        return measure(compile(graph), inputs, warmup, runs);
    }

    /** Times a compiled {@code .mnc} model. */
    public static Latency measure(byte[] model, Map<String, TensorData> inputs, int warmup, int runs) {
        if (warmup < 0 || runs < 1) {
            throw new MncException("timing needs at least one run and no negative warm-up, got " + warmup + " and "
                    + runs);
        }
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        inputs.forEach((k, v) -> feeds.put(k, RuntimeTensors.of(v)));
        double[] ms = new double[runs];
        try (Model m = Model.load(ByteBuffer.wrap(model)); Session s = m.newSession()) {
            for (int i = 0; i < warmup; i++) {
                s.run(feeds);
            }
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                s.run(feeds);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        } catch (ModelFormatException e) {
            throw new MncException("the native runtime refuses the model: " + e.getMessage(), e);
        }
        Arrays.sort(ms);
        return new Latency(percentile(ms, 0.5), percentile(ms, 0.9), runs);
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
