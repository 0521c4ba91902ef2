package dev.mnc.maven;

import dev.mnc.driver.ClassifierMetadataSettings;
import dev.mnc.driver.ConvertRequest;
import dev.mnc.driver.ConvertResult;
import dev.mnc.driver.Converter;
import dev.mnc.driver.PassOptions;
import dev.mnc.driver.PassSetup;
import dev.mnc.driver.PruneSettings;
import dev.mnc.driver.QuantizeSettings;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.ir.MncException;
import dev.mnc.passes.IoLayout;
import dev.mnc.prune.Budget;
import dev.mnc.prune.Importance;
import dev.mnc.prune.PruneOptions;
import dev.mnc.quantize.CalibrationMethod;
import dev.mnc.quantize.IoType;
import dev.mnc.quantize.QuantizeOptions;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.PreprocessingFlags;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code mnc:convert}: converts an ONNX model to {@code .mnc} or {@code .tflite} as a build step,
 * in float or, with {@code <quantize>int8</quantize>}, in int8 calibrated on a folder of inputs,
 * and pruned first when a pruning budget ({@code pruneRatio}, ...) is configured.
 *
 * <p>Runs after the project's classes are compiled ({@code process-classes}), so passes the project
 * defines itself (with a {@code META-INF/services/dev.mnc.passes.Pass} entry) and passes in its
 * dependencies can be named in {@code passes}. The conversion is skipped when the output is up to
 * date: a stamp next to it records a digest of the input file, the calibration inputs and every
 * option, and the output
 * bytes are deterministic, so a rebuild with nothing changed does no work and changes no file.
 */
@Mojo(name = "convert", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
public class ConvertMojo extends AbstractMojo {
    /** The ONNX model to convert. */
    @Parameter(required = true)
    File input;

    /** The file to write; its extension ({@code .mnc} or {@code .tflite}) picks the format. */
    @Parameter(required = true)
    File output;

    /** Input shape bindings, {@code NAME:D0,D1,...}, as {@code --input-shape} takes them. */
    @Parameter
    List<String> inputShapes = new ArrayList<>();

    /** {@code nhwc} or {@code nchw}: layout of 4-D model inputs and outputs; empty for the target's default. */
    @Parameter
    String ioLayout;

    /** Passes to run instead of the default pipeline, {@code default} standing for it. */
    @Parameter
    String passes;

    /** Passes to skip. */
    @Parameter
    List<String> disabledPasses = new ArrayList<>();

    /** Pass options, {@code name=value}. */
    @Parameter
    List<String> passOptions = new ArrayList<>();

    /** Prune to remove this fraction of the MACs (as {@code --prune-ratio}). */
    @Parameter
    Double pruneRatio;

    /** Prune until at most this many MACs remain (as {@code --prune-target-macs}). */
    @Parameter
    Long pruneTargetMacs;

    /** Prune until at most this many parameters remain (as {@code --prune-target-params}). */
    @Parameter
    Long pruneTargetParams;

    /** Keep this fraction of every prunable group's channels (as {@code --width-multiplier}). */
    @Parameter
    Double widthMultiplier;

    /** {@code reconstruction} (default), {@code activation}, {@code l1}, {@code l2} or {@code bn-gamma}. */
    @Parameter
    String pruneImportance;

    /** ONNX node names whose output channels are all kept. */
    @Parameter
    List<String> pruneSkip = new ArrayList<>();

    /** Skip the least-squares refit after pruning. */
    @Parameter(defaultValue = "false")
    boolean noRecovery;

    /**
     * {@code int8} quantizes the model (full-integer, calibrated on {@code calibrationData}), as
     * {@code convert --quantize int8} does; empty for a float model.
     */
    @Parameter
    String quantize;

    /** Folder of calibration inputs: images, or {@code .npy} tensors in the ONNX model's input shape. */
    @Parameter
    File calibrationData;

    /** Calibrate on at most this many inputs (a seeded choice); 0 for all. */
    @Parameter(defaultValue = "0")
    int calibrationLimit;

    /** {@code minmax}, {@code ema}, {@code percentile}, {@code entropy} or {@code mse} (the default). */
    @Parameter
    String calibrationMethod;

    /** One weight scale per conv tensor instead of one per output channel. */
    @Parameter(defaultValue = "false")
    boolean perTensor;

    /** {@code float} (default), {@code int8} or {@code uint8}: the model's input and output type. */
    @Parameter
    String ioType;

    /** Where to write the JSON quantization report; none when empty. */
    @Parameter
    File report;

    /** Image preprocessing preset for calibration images: {@code torchvision}, {@code tf} or {@code none}. */
    @Parameter
    String preprocess;

    /** {@code N} or {@code HxW}, as {@code --resize}. */
    @Parameter
    String resize;

    /** Centre-crop to the input size, as {@code --crop}/{@code --no-crop}. */
    @Parameter
    Boolean crop;

    /** Per-channel mean, {@code R,G,B}. */
    @Parameter
    String mean;

    /** Per-channel std, {@code R,G,B}. */
    @Parameter
    String std;

    /** Pixel scale applied first. */
    @Parameter
    Float scale;

    /**
     * Embed TFLite classifier metadata in a {@code .tflite} output (the input normalization of
     * {@code preprocess} or {@code scale}/{@code mean}/{@code std}), as {@code --tflite-metadata}.
     */
    @Parameter(defaultValue = "false")
    boolean tfliteMetadata;

    /** Class names, one per line in output order, embedded with the metadata (implies {@code tfliteMetadata}). */
    @Parameter
    File labels;

    /** Skips the conversion. */
    @Parameter(property = "mnc.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("mnc: skipped (mnc.skip)");
            return;
        }
        Path in = input.toPath();
        Path out = output.toPath();
        if (!Files.isRegularFile(in)) {
            throw new MojoFailureException("mnc: " + in + ": no such file (the <input> of mnc:convert)");
        }
        try {
            Path outDir = out.toAbsolutePath().getParent();
            if (outDir != null) {
                Files.createDirectories(outDir);
            }
            Path stamp = out.resolveSibling(out.getFileName() + ".mnc-stamp");
            Preprocessing images = new PreprocessingFlags(preprocess, resize, crop, floats("mean", mean),
                    floats("std", std), scale, false, null).resolve();
            PruneSettings p = pruneSettings(images);
            QuantizeSettings q = quantizeSettings(images);
            ClassifierMetadataSettings classifier = tfliteMetadata || labels != null
                    ? new ClassifierMetadataSettings(images, labels == null ? null : labels.toPath()) : null;
            if (calibrationData != null && q == null && (p == null || p.calibrationData() == null)) {
                throw new MncException("calibrationData is for <quantize>int8</quantize> and for pruning that "
                        + "measures activations or recovers; neither is configured");
            }
            String digest = digest(in);
            if (Files.isRegularFile(out) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(digest)) {
                getLog().info("mnc: " + out + " is up to date");
                return;
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
            Converter converter = new Converter(new PassSetup(projectClassLoader()), logStream);
            ConvertResult r = converter.convert(ConvertRequest.of(in, out).withImportOptions(importOptions())
                    .withPassOptions(passOptions()).withPrune(p).withQuantize(q).withReport(report == null ? null : report.toPath())
                    .withClassifierMetadata(classifier));
            for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    getLog().warn(line);
                }
            }
            Files.writeString(stamp, digest);
            r.pruneReport().ifPresent(pr -> getLog().info(String.format(Locale.ROOT,
                    "mnc: pruned to %.1f%% of the MACs and %.1f%% of the parameters", 100 * pr.macRatio(),
                    100 * pr.paramRatio())));
            r.quantizationReport().ifPresent(qr -> getLog().info("mnc: int8, " + qr.options().describe() + ", "
                    + qr.samples() + " calibration inputs"));
            getLog().info(String.format(Locale.ROOT, "mnc: wrote %s (%,d bytes)", r.output(), r.bytes()));
        } catch (MncException e) {
            throw new MojoFailureException("mnc: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("mnc: " + e.getMessage(), e);
        }
    }

    /** The pruning step, or null when no budget is configured. */
    private PruneSettings pruneSettings(Preprocessing images) {
        Budget budget = Budget.oneOf(pruneRatio, pruneTargetMacs, pruneTargetParams, widthMultiplier,
                () -> new MncException("configure one pruning budget: pruneRatio, pruneTargetMacs, pruneTargetParams"
                        + " or widthMultiplier"));
        if (budget == null) {
            return null;
        }
        PruneOptions.Builder b = PruneOptions.builder().budget(budget).recovery(!noRecovery).skip(pruneSkip);
        if (pruneImportance != null) {
            b.importance(Importance.fromText(pruneImportance));
        }
        if (calibrationLimit > 0) {
            b.calibrationLimit(calibrationLimit);
        }
        PruneOptions o = b.build();
        return new PruneSettings(o, o.needsCalibration() ? path(calibrationData) : null, images);
    }

    private static Path path(File f) {
        return f == null ? null : f.toPath();
    }

    /** The int8 step, or null; its parameters without {@code quantize} are a configuration error. */
    private QuantizeSettings quantizeSettings(Preprocessing images) {
        if (quantize == null || quantize.isBlank()) {
            return null;
        }
        if (!quantize.strip().equalsIgnoreCase("int8")) {
            throw new MncException("quantize supports int8, not '" + quantize + "'");
        }
        if (calibrationData == null) {
            throw new MncException("<quantize>int8</quantize> needs <calibrationData> (a folder of images or .npy inputs)");
        }
        QuantizeOptions.Builder b = QuantizeOptions.builder().perChannel(!perTensor).calibrationLimit(calibrationLimit)
                .threads(Math.min(QuantizeOptions.MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        if (calibrationMethod != null) {
            b.method(CalibrationMethod.fromText(calibrationMethod));
        }
        if (ioType != null) {
            b.ioType(IoType.fromText(ioType));
        }
        return new QuantizeSettings(calibrationData.toPath(), images, b.build());
    }

    private static float[] floats(String what, String csv) {
        if (csv == null) {
            return null;
        }
        String[] parts = csv.split(",");
        float[] out = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Float.parseFloat(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            throw new MncException(what + " takes numbers separated by commas, not '" + csv + "'");
        }
        return out;
    }

    private ImportOptions importOptions() {
        ImportOptions o = ImportOptions.defaults();
        for (String s : inputShapes) {
            o = o.withInputShape(s);
        }
        return o;
    }

    private PassOptions passOptions() {
        Optional<IoLayout> io = Optional.empty();
        if (ioLayout != null && !ioLayout.isBlank()) {
            io = Optional.of(switch (ioLayout.strip().toLowerCase(Locale.ROOT)) {
                case "nhwc" -> IoLayout.NHWC;
                case "nchw" -> IoLayout.NCHW;
                default -> throw new MncException("ioLayout must be nhwc or nchw, not '" + ioLayout + "'");
            });
        }
        return new PassOptions(Optional.ofNullable(passes), disabledPasses, io, passOptions, false, false, List.of(),
                false, false, null, false);
    }

    /** The project's compiled classes and compile dependencies, over the plugin's own class loader. */
    private ClassLoader projectClassLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            for (String element : project.getCompileClasspathElements()) {
                urls.add(new File(element).toURI().toURL());
            }
        } catch (MalformedURLException | org.apache.maven.artifact.DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("mnc: cannot build the project class path: " + e.getMessage(), e);
        }
        return new URLClassLoader(urls.toArray(new URL[0]), getClass().getClassLoader());
    }

    /** A digest of the input file's bytes and of every option that changes the output. */
    private String digest(Path in) throws IOException, MojoExecutionException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(in));
            if (calibrationData != null && Files.isDirectory(calibrationData.toPath())) {
                // The calibration inputs decide the int8 output as much as the model does.
                try (Stream<Path> files = Files.list(calibrationData.toPath())) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                        md.update(Files.readAllBytes(f));
                    }
                }
            }
            if (labels != null && Files.isRegularFile(labels.toPath())) {
                md.update(Files.readAllBytes(labels.toPath()));
            }
            String options = String.join("\u0000", List.of(String.valueOf(output.getName()), String.valueOf(inputShapes),
                    String.valueOf(ioLayout), String.valueOf(passes), String.valueOf(disabledPasses),
                    String.valueOf(passOptions), String.valueOf(quantize), String.valueOf(calibrationLimit),
                    String.valueOf(calibrationMethod), String.valueOf(perTensor), String.valueOf(ioType),
                    String.valueOf(report), String.valueOf(preprocess), String.valueOf(resize), String.valueOf(crop),
                    String.valueOf(mean), String.valueOf(std), String.valueOf(scale), String.valueOf(pruneRatio),
                    String.valueOf(pruneTargetMacs), String.valueOf(pruneTargetParams), String.valueOf(widthMultiplier),
                    String.valueOf(pruneImportance),
                    String.valueOf(pruneSkip), String.valueOf(noRecovery), String.valueOf(tfliteMetadata),
                    String.valueOf(labels),
                    String.valueOf(getClass().getPackage().getImplementationVersion())));
            md.update(options.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new MojoExecutionException("SHA-256 is not available", e);
        }
    }
}
