package dev.mnc.maven;

import dev.mnc.driver.ConvertRequest;
import dev.mnc.driver.ConvertResult;
import dev.mnc.driver.Converter;
import dev.mnc.driver.PassOptions;
import dev.mnc.driver.PassSetup;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.ir.MncException;
import dev.mnc.passes.IoLayout;
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
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code mnc:convert}: converts an ONNX model to {@code .mnc} or {@code .tflite} as a build step.
 *
 * <p>Runs after the project's classes are compiled ({@code process-classes}), so passes the project
 * defines itself (with a {@code META-INF/services/dev.mnc.passes.Pass} entry) and passes in its
 * dependencies can be named in {@code passes}. The conversion is skipped when the output is up to
 * date: a stamp next to it records a digest of the input file and of every option, and the output
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
            String digest = digest(in);
            if (Files.isRegularFile(out) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(digest)) {
                getLog().info("mnc: " + out + " is up to date");
                return;
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
            Converter converter = new Converter(new PassSetup(projectClassLoader()), logStream);
            ConvertResult r = converter.convert(ConvertRequest.of(in, out).withImportOptions(importOptions())
                    .withPassOptions(passOptions()));
            for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    getLog().warn(line);
                }
            }
            Files.writeString(stamp, digest);
            getLog().info(String.format(Locale.ROOT, "mnc: wrote %s (%,d bytes)", r.output(), r.bytes()));
        } catch (MncException e) {
            throw new MojoFailureException("mnc: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("mnc: " + e.getMessage(), e);
        }
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
            String options = String.join("\u0000", List.of(String.valueOf(output.getName()), String.valueOf(inputShapes),
                    String.valueOf(ioLayout), String.valueOf(passes), String.valueOf(disabledPasses),
                    String.valueOf(passOptions), String.valueOf(getClass().getPackage().getImplementationVersion())));
            md.update(options.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new MojoExecutionException("SHA-256 is not available", e);
        }
    }
}
