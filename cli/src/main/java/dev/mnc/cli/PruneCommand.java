package dev.mnc.cli;

import dev.mnc.driver.Benchmark;
import dev.mnc.driver.ConvertResult;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.prune.NativeLatency;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Locale;
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
        double before = median(r.unpruned());
        double after = median(r.pruned());
        out.printf(Locale.ROOT, "native runtime latency (float, 1 thread, median of %d runs): %.2f ms -> %.2f ms (%+.1f%%)%n",
                RUNS, before, after, 100 * (after / before - 1));
    }

    /** Median latency of a float NCHW graph compiled for the native runtime, on seeded random inputs. */
    private static double median(Graph g) {
        try (Model m = Model.load(ByteBuffer.wrap(NativeLatency.compile(g)), g.name() + ".mnc")) {
            return Benchmark.run(m, g.name(), 1, WARMUP, RUNS, null).median();
        } catch (ModelFormatException e) {
            throw new MncException("the native runtime refuses the model: " + e.getMessage(), e);
        }
    }
}
