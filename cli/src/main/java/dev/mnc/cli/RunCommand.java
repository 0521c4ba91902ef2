package dev.mnc.cli;

import dev.mnc.driver.InputLoader;
import dev.mnc.driver.RuntimeModels;
import dev.mnc.ir.MncException;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.SessionOptions;
import dev.mnc.runtime.Tensor;
import dev.mnc.runtime.TensorInfo;
import dev.mnc.tensorio.InputFolder;
import dev.mnc.tensorio.Npy;
import dev.mnc.tensorio.Preprocessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mnc run MODEL --input-dir DIR}: runs a model on every input in a folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a model with mnc's runtime on every image or .npy file in a folder and print its",
            "predictions; optionally save the first output of each as float32 .npy. A .onnx model is",
            "compiled in memory first. .npy files are fed as is: the ONNX model's own shape and layout."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    MncCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .mnc (or .onnx) model.")
    Path model;

    @Option(names = "--input-dir", required = true, paramLabel = "DIR", description = "Folder of images or .npy files.")
    Path inputDir;

    @Option(names = "--save-outputs", paramLabel = "OUTDIR",
            description = "Write OUTDIR/<input stem>.npy with the first output (float32, dequantized).")
    Path saveOutputs;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one per line (line i = class i).")
    Path labels;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Classes to show per input (default 5).")
    int top;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Threads per inference (default 1).")
    int threads;

    @Mixin
    PreprocessOptions preprocess;

    @Mixin
    ImportOptionsMixin importOptions;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new MncException("--top must be at least 1");
        }
        if (threads < 1) {
            throw new MncException("--threads must be at least 1");
        }
        List<InputFolder.Entry> entries = InputFolder.list(inputDir);
        List<String> names = labels == null ? null : Files.readAllLines(labels, StandardCharsets.UTF_8);
        Path outDir = checkOutputDir();
        PrintWriter out = spec.commandLine().getOut();
        try (Model m = RuntimeModels.open(model, importOptions.toOptions(),
                        "mnc run executes .mnc (or .onnx) models; run .tflite files in TFLite");
                Session session = m.newSession(new SessionOptions(threads))) {
            if (m.inputs().size() != 1) {
                throw new MncException(model + ": has " + m.inputs().size() + " inputs; mnc run feeds single-input models");
            }
            TensorInfo in = m.inputs().get(0);
            TensorInfo first = m.outputs().get(0);
            Preprocessing p = preprocess.toPreprocessing();
            if (p == null && entries.stream().anyMatch(e -> !e.isNpy())) {
                throw new MncException(inputDir + ": holds images; say how to preprocess them with --preprocess "
                        + "torchvision|tf|none (or explicit --resize/--mean/--std)");
            }
            InputLoader loader = new InputLoader(in, p == null ? Preprocessing.none() : p);
            for (InputFolder.Entry e : entries) {
                Tensor x = loader.load(e);
                Map<String, Tensor> result = session.run(Map.of(in.name(), x));
                Tensor y = result.get(first.name());
                float[] values = InputLoader.toFloats(y, first);
                if (outDir != null) {
                    if (!Files.isDirectory(outDir)) {
                        Files.createDirectory(outDir);
                    }
                    long[] shape = Arrays.stream(first.shape()).asLongStream().toArray();
                    Npy.write(outDir.resolve(e.stem() + ".npy"), shape, values);
                }
                if (!parent.log.quiet) {
                    out.println(e.path().getFileName() + ": " + describe(values, first.shape(), names));
                }
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The --save-outputs folder, checked before any work; it is created with the first output, so a
     * model or input that fails first leaves nothing behind.
     */
    private Path checkOutputDir() {
        if (saveOutputs == null || Files.isDirectory(saveOutputs)) {
            return saveOutputs;
        }
        Path parentDir = saveOutputs.toAbsolutePath().getParent();
        if (Files.exists(saveOutputs) || parentDir == null || !Files.isDirectory(parentDir)) {
            throw new MncException(saveOutputs + ": --save-outputs needs a folder whose parent exists");
        }
        return saveOutputs;
    }

    /** Top-k classes for a [1, classes] output, else a value summary. */
    private String describe(float[] v, int[] shape, List<String> labels) {
        boolean classifier = shape.length == 2 && shape[0] == 1 && shape[1] > 1;
        if (!classifier) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (float f : v) {
                min = Math.min(min, f);
                max = Math.max(max, f);
                sum += f;
            }
            return String.format(Locale.ROOT, "output %s min %.4g max %.4g mean %.4g", Arrays.toString(shape), min, max,
                    sum / Math.max(1, v.length));
        }
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> v[b] != v[a] ? Float.compare(v[b], v[a]) : Integer.compare(a, b));
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(top, v.length); k++) {
            int c = order[k];
            String label = labels != null && c < labels.size() ? " " + labels.get(c).strip() : "";
            sb.append(k > 0 ? ", " : "").append(c).append(label).append(String.format(Locale.ROOT, " (%.4g)", v[c]));
        }
        return sb.toString();
    }
}
