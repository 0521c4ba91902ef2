package dev.mnc.cli;

import dev.mnc.driver.ConvertResult;
import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.prune.NativeLatency;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;

/**
 * {@code mnc prune IN.onnx -o OUT --prune-ratio R --calibration-data DIR}: {@code convert} with a
 * pruning budget required, which also times the float model before and after pruning on the
 * native runtime, since MACs alone do not say how much faster a model got.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove whole channels from an ONNX model (structured pruning that respects MobileNet's",
            "couplings), refit the layers after them by least squares on calibration data, and write the",
            "smaller model as .onnx (to fine-tune in your own framework), .mnc or .tflite; --quantize int8",
            "quantizes it too. Prints channels, parameters and MACs per layer, and the native runtime's",
            "latency before and after."})
final class PruneCommand extends ConvertCommand {
    private static final int WARMUP = 10;
    private static final int RUNS = 30;

    @Override
    boolean requiresPruning() {
        return true;
    }

    @Override
    void afterPruning(ConvertResult r, PrintWriter out) {
        Map<String, TensorData> inputs = randomInputs(r.unpruned());
        NativeLatency.Latency before = NativeLatency.measure(r.unpruned(), inputs, WARMUP, RUNS);
        NativeLatency.Latency after = NativeLatency.measure(r.pruned(), inputs, WARMUP, RUNS);
        out.printf(Locale.ROOT, "native runtime latency (float, 1 thread, median of %d runs): %.2f ms -> %.2f ms (%+.1f%%)%n",
                RUNS, before.medianMillis(), after.medianMillis(),
                100 * (after.medianMillis() / before.medianMillis() - 1));
    }

    /** Seeded Gaussian inputs in the imported graph's own shapes. */
    private static Map<String, TensorData> randomInputs(Graph g) {
        Random rnd = new Random(7);
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            if (v.dtype() != DType.F32) {
                continue;
            }
            float[] x = new float[Math.toIntExact(v.shape().numElements())];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            out.put(v.name(), TensorData.ofFloats(v.shape(), x));
        }
        return out;
    }
}
