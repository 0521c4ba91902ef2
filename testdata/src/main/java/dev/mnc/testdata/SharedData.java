package dev.mnc.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared real models and images ({@code ../shared} beside the checkout; surefire passes
 * its location as the system property {@code mnc.shared.dir}). A fresh clone does not have it:
 * the lookups that tests use skip the test (a JUnit assumption) with a message saying where the
 * folder was looked for, instead of failing.
 */
public final class SharedData {
    /** The system property that names the shared folder. */
    public static final String PROPERTY = "mnc.shared.dir";

    private SharedData() {}

    /** One row of {@code images/imagenet-200/index.csv}. */
    public record ImageEntry(Path file, int classIndex, String wnid, String label) {}

    /** The shared folder, if the property names an existing directory. */
    public static Optional<Path> dir() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            return Optional.empty();
        }
        Path d = Path.of(p).toAbsolutePath().normalize();
        return Files.isDirectory(d) ? Optional.of(d) : Optional.empty();
    }

    /** {@code models/<file>}; skips the calling test when the shared folder or the file is absent. */
    public static Path model(String file) {
        return file("models/" + file);
    }

    /** Any file under the shared folder; skips the calling test when it is absent. */
    public static Path file(String relative) {
        Path d = requireDir();
        Path f = d.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(f), () -> relative + " not found in " + d + ": real-data test skipped");
        return f;
    }

    /** The 200 ImageNet images with their labels, in index order; skips the test when absent. */
    public static List<ImageEntry> imagenet200() {
        Path index = file("images/imagenet-200/index.csv");
        List<String> lines;
        try {
            lines = Files.readAllLines(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ImageEntry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", 4);
            if (f.length != 4) {
                throw new IllegalStateException(index + ":" + (i + 1) + ": expected file,class_index,wnid,pytorch_label");
            }
            out.add(new ImageEntry(index.resolveSibling(f[0]), Integer.parseInt(f[1]), f[2], f[3]));
        }
        return out;
    }

    private static Path requireDir() {
        Optional<Path> d = dir();
        Assumptions.assumeTrue(d.isPresent(), () -> "../shared not found at "
                + Optional.ofNullable(System.getProperty(PROPERTY)).orElse("(property " + PROPERTY + " unset)")
                + ": real-model test skipped");
        return d.orElseThrow();
    }
}
