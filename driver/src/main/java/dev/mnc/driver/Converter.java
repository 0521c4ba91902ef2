package dev.mnc.driver;

import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.backend.onnx.OnnxWriter;
import dev.mnc.backend.tflite.ClassifierMetadata;
import dev.mnc.backend.tflite.TfliteOptions;
import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.IoLayout;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.Pipeline;
import dev.mnc.passes.ProgressListener;
import dev.mnc.passes.Target;
import dev.mnc.prune.PruneReport;
import dev.mnc.prune.PruneResult;
import dev.mnc.prune.Pruner;
import dev.mnc.quantize.IoType;
import dev.mnc.quantize.QuantizationReport;
import dev.mnc.quantize.QuantizationResult;
import dev.mnc.quantize.Quantizer;
import dev.mnc.tensorio.AtomicFiles;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts an ONNX model: import, prune channels when asked (on the imported NCHW graph, batch
 * norms still in place), run the pass pipeline for the output's target, quantize to int8 when
 * asked (calibrating on a folder of inputs), lower with the backend, write the file atomically.
 * A pruned model can also be written back as ONNX, unoptimized, for fine-tuning elsewhere.
 *
 * <p>The outputs and the calibration folders are checked before any work starts (format known,
 * folder exists, not an input), so a typo fails in milliseconds, and a failure at any step leaves
 * no output file.
 */
public final class Converter {
    private final PassSetup passSetup;
    private final PrintStream log;
    private final ProgressListener progress;

    /**
     * @param passSetup the pass registry (built-ins plus plugins) to use
     * @param log where instruments and diagnostics write (the command line's stderr)
     */
    public Converter(PassSetup passSetup, PrintStream log) {
        this(passSetup, log, ProgressListener.NONE);
    }

    /** As above, telling {@code progress} about each calibration sample processed. */
    public Converter(PassSetup passSetup, PrintStream log, ProgressListener progress) {
        this.passSetup = passSetup;
        this.log = log;
        this.progress = progress;
    }

    public ConvertResult convert(ConvertRequest req) {
        ModelFormat in = ModelFormat.of(req.input());
        if (in != ModelFormat.ONNX) {
            throw new MncException(req.input() + ": convert reads ONNX models (.onnx), not " + in.extension() + " files");
        }
        ModelFormat out = ModelFormat.of(req.output());
        if (out == ModelFormat.ONNX && (req.prune() == null || req.quantize() != null)) {
            throw new MncException(req.output() + ": .onnx output is for pruned float models (to fine-tune in your own "
                    + "framework); write .mnc or .tflite" + (req.quantize() != null ? " for int8" : ""));
        }
        if (req.classifierMetadata() != null && out != ModelFormat.TFLITE) {
            throw new MncException(req.output() + ": classifier metadata (labels, normalization) goes into .tflite "
                    + "files; write .tflite or leave it out");
        }
        checkOutputPath(req.output(), req.input());
        ClassifierMetadata classifier = req.classifierMetadata() == null ? null
                : req.classifierMetadata().metadata(req.input());
        if (classifier != null) {
            // What the writer would refuse at the end, refused before calibration.
            if (req.quantize() != null && req.quantize().options().ioType() != IoType.FLOAT) {
                throw new MncException("classifier metadata describes a float input; with --io-type "
                        + req.quantize().options().ioType().text() + " the model has none (use --io-type float, the "
                        + "default, which quantizes inside the model)");
            }
            if (req.passOptions().ioLayout().filter(l -> l == IoLayout.NCHW).isPresent()) {
                throw new MncException("classifier metadata describes an NHWC RGB image; convert with --io-layout "
                        + "nhwc (the .tflite default)");
            }
        }
        if (req.report() != null) {
            if (req.quantize() == null && req.prune() == null) {
                throw new MncException(req.report() + ": a report describes pruning or quantization, and neither was asked");
            }
            checkOutputPath(req.report(), req.input(), req.output());
        }
        // Calibration folders, pass names and options are checked before the (slower) import.
        req.pruning().filter(p -> p.calibrationData() != null)
                .ifPresent(p -> CalibrationSet.list(p.calibrationData(), p.preprocessing()));
        req.quantization().ifPresent(q -> CalibrationSet.list(q.calibrationData(), q.preprocessing()));
        Target target = out == ModelFormat.TFLITE ? Target.TFLITE : Target.NATIVE;
        Pipeline pipeline = passSetup.pipeline(target, req.passOptions());
        PassContext ctx = passSetup.context(req.passOptions(), log);
        Graph g = OnnxImporter.importModel(req.input(), req.importOptions());
        if (classifier != null && g.outputs().size() == 1) {
            classifier.checkClasses(g.outputs().get(0));
        }
        Graph unpruned = null;
        Graph pruned = null;
        PruneReport pruneReport = null;
        if (req.prune() != null) {
            PruneSettings p = req.prune();
            CalibrationData data = p.calibrationData() == null ? null
                    : CalibrationSet.of(p.calibrationData(), g, p.preprocessing());
            PruneResult r = Pruner.prune(g, p.options(), data, progress);
            unpruned = g;
            pruned = r.pruned();
            g = pruned.copy();
            pruneReport = r.report();
        }
        QuantizationReport quantReport = null;
        byte[] bytes;
        if (out == ModelFormat.ONNX) {
            bytes = OnnxWriter.write(g);
        } else {
            pipeline.run(g, ctx);
            if (req.quantize() != null) {
                QuantizeSettings q = req.quantize();
                CalibrationData data = CalibrationSet.of(q.calibrationData(), g, q.preprocessing());
                QuantizationResult r = Quantizer.quantize(g, data, q.options(), progress);
                g = r.graph();
                quantReport = r.report();
            }
            TfliteOptions tflite = TfliteOptions.defaults().withClassifierMetadata(classifier);
            bytes = lower(g, out, req.input(), tflite);
        }
        ConvertResult result = new ConvertResult(req.output(), out, unpruned, pruned, g, opCounts(g), bytes.length,
                pruneReport, quantReport);
        byte[] reportBytes = req.report() == null ? null : Json.write(result.reportMap()).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(req.output(), bytes);
        if (reportBytes != null) {
            AtomicFiles.write(req.report(), reportBytes);
        }
        return result;
    }

    /** Runs the pipeline for {@code target} on {@code g} in place. */
    public void optimize(Graph g, Target target, PassOptions options) {
        Pipeline pipeline = passSetup.pipeline(target, options);
        PassContext ctx = passSetup.context(options, log);
        pipeline.run(g, ctx);
    }

    /** Lowers an optimized graph to the bytes of a {@code .mnc} or {@code .tflite} file. */
    public static byte[] lower(Graph g, ModelFormat format, Path source) {
        return lower(g, format, source, TfliteOptions.defaults());
    }

    /** As {@link #lower(Graph, ModelFormat, Path)}, with {@code tflite} around a {@code .tflite} file. */
    public static byte[] lower(Graph g, ModelFormat format, Path source, TfliteOptions tflite) {
        g.metadata().put("mnc.source", source.getFileName().toString());
        return switch (format) {
            case MNC -> NativeCompiler.compile(g);
            case TFLITE -> TfliteWriter.write(g, tflite);
            case ONNX -> throw new IllegalArgumentException("lowering to ONNX is not a conversion target");
        };
    }

    /** Fails fast on an output path that cannot or must not be written. */
    public static void checkOutputPath(Path output, Path... inputs) {
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new MncException(output + ": the folder " + dir + " does not exist; create it first");
        }
        if (Files.isDirectory(output)) {
            throw new MncException(output + ": is a folder; give a file name");
        }
        AtomicFiles.requireDistinct(output, inputs);
    }

    static Map<String, Integer> opCounts(Graph g) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node n : g.nodes()) {
            counts.merge(n.op().name(), 1, Integer::sum);
        }
        return counts;
    }

    /** Names of a graph's inputs with their shapes, for messages. */
    static String describeInputs(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (Value v : g.inputs()) {
            sb.append(sb.length() > 0 ? ", " : "").append(v.name()).append(' ').append(v.shape());
        }
        return sb.toString();
    }
}
