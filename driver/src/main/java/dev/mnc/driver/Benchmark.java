package dev.mnc.driver;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.ir.MncException;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.SessionOptions;
import dev.mnc.runtime.Tensor;
import dev.mnc.runtime.TensorInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Latency of the runtime on one model: seeded random inputs, warm-up runs (for the JIT), then timed
 * runs reported as median, p90, min and mean. This is the measurement behind {@code mnc bench};
 * comparisons with ONNX Runtime live in the JMH benchmarks, which may use it as a test dependency.
 */
public final class Benchmark {
    private Benchmark() {}

    /** Timings in milliseconds, sorted ascending. */
    public record Result(String model, int threads, double[] millis, String cpu) {
        public double median() {
            return percentile(50);
        }

        public double p90() {
            return percentile(90);
        }

        public double percentile(double p) {
            int i = (int) Math.ceil(p / 100.0 * millis.length) - 1;
            return millis[Math.max(0, Math.min(millis.length - 1, i))];
        }

        public String describe() {
            double mean = Arrays.stream(millis).average().orElse(0);
            return String.format(Locale.ROOT,
                    "%s: median %.2f ms, p90 %.2f ms, min %.2f ms, mean %.2f ms over %d runs; %d thread%s; %s; Java %s",
                    model, median(), p90(), millis[0], mean, millis.length, threads, threads == 1 ? "" : "s", cpu,
                    System.getProperty("java.version"));
        }
    }

    public static Result run(Path file, ModelFormat format, ImportOptions importOptions, int threads, int warmup, int runs,
            PrintStream progress) {
        try (Model m = RuntimeModels.open(file, importOptions, "mnc bench measures mnc's runtime; convert to .mnc first")) {
            return run(m, file.getFileName().toString(), threads, warmup, runs, progress);
        } catch (IOException e) {
            throw new MncException(e.getMessage(), e);
        }
    }

    /**
     * Times a loaded model on seeded random inputs.
     *
     * @param label the model's name in the result
     * @param progress where to draw a run counter on a terminal, or null
     */
    public static Result run(Model m, String label, int threads, int warmup, int runs, PrintStream progress) {
        try (Session s = m.newSession(new SessionOptions(threads))) {
            Map<String, Tensor> inputs = randomInputs(m);
            for (int i = 0; i < warmup; i++) {
                s.run(inputs);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                s.run(inputs);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (progress != null && System.console() != null) {
                    progress.printf("\rrun %d/%d", i + 1, runs);
                }
            }
            if (progress != null && System.console() != null) {
                progress.print("\r");
            }
            Arrays.sort(ms);
            return new Result(label, threads, ms, cpu());
        }
    }

    static Map<String, Tensor> randomInputs(Model m) {
        Random r = new Random(42);
        Map<String, Tensor> in = new HashMap<>();
        for (TensorInfo t : m.inputs()) {
            int n = t.size();
            switch (t.dtype()) {
                case F32 -> {
                    float[] x = new float[n];
                    for (int i = 0; i < n; i++) {
                        x[i] = (float) r.nextGaussian();
                    }
                    in.put(t.name(), Tensor.ofFloats(t.shape(), x));
                }
                case I8, U8 -> {
                    byte[] x = new byte[n];
                    r.nextBytes(x);
                    in.put(t.name(), Tensor.ofBytes(t.dtype(), t.shape(), x));
                }
                default -> throw new MncException("input '" + t.name() + "' of type " + t.dtype() + " cannot be benchmarked");
            }
        }
        return in;
    }

    /** The CPU model from /proc/cpuinfo where there is one, and the core count. */
    public static String cpu() {
        String name = System.getProperty("os.arch");
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    name = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the architecture is all we can name.
        }
        return name + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
