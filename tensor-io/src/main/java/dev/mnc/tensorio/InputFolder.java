package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The inputs in a folder: {@code .npy} tensors and JPEG/PNG/BMP images, in file-name order so that
 * runs are reproducible. Other files (an {@code index.csv}, a README) are ignored; hidden files
 * too. Sub-folders are not searched.
 */
public final class InputFolder {

    /** One input file and what kind it is. */
    public record Entry(Path path, boolean isNpy) {
        /** The file name without its extension, used to name outputs ({@code cat.jpg -> cat.npy}). */
        public String stem() {
            String n = path.getFileName().toString();
            int dot = n.lastIndexOf('.');
            return dot > 0 ? n.substring(0, dot) : n;
        }
    }

    private InputFolder() {}

    /** Lists the inputs; an unreadable or empty folder is an error saying what was expected. */
    public static List<Entry> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MncException(dir + ": not a folder" + (Files.exists(dir) ? "" : " (it does not exist)"));
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".npy")) {
                    out.add(new Entry(p, true));
                } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png")
                        || lower.endsWith(".bmp")) {
                    out.add(new Entry(p, false));
                }
            }
        } catch (IOException e) {
            throw new MncException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) {
            throw new MncException(dir + ": no inputs found (expected .npy, .jpg, .jpeg, .png or .bmp files)");
        }
        return out;
    }
}
