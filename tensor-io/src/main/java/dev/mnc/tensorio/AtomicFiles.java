package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * All-or-nothing file output: bytes go to a temporary file in the target's folder, which is
 * then moved over the target in one step. An existing target is replaced whole or not at all, and
 * a failure leaves no partial file behind. The folder must exist: creating folders the user did not
 * ask for hides typos in paths.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new MncException(target + ": the folder " + dir + " does not exist; create it first");
        }
        if (Files.isDirectory(abs)) {
            throw new MncException(target + ": is a folder, not a file");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            Files.write(tmp, bytes);
            keepPermissions(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new MncException(target + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the temp file has a dot name and a .tmp suffix.
                }
            }
        }
    }

    /**
     * Gives the temporary file (created owner-only) the permissions the output should have: those
     * of the file it replaces, else rw-r--r--, what a plain write under the usual umask 022 gives.
     * File systems without POSIX permissions keep their defaults.
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }

    /**
     * Refuses an output path that is, or resolves to, one of the inputs (a typo that would destroy
     * the user's model).
     */
    public static void requireDistinct(Path output, Path... inputs) {
        Path out = canonical(output);
        for (Path in : inputs) {
            if (in != null && canonical(in).equals(out)) {
                throw new MncException(output + ": the output would overwrite the input " + in
                        + "; choose another output path");
            }
        }
    }

    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                return abs.toRealPath();
            }
            Path parent = abs.getParent();
            if (parent != null && Files.exists(parent)) {
                return parent.toRealPath().resolve(abs.getFileName());
            }
        } catch (IOException e) {
            // Fall back to the normalized absolute path.
        }
        return abs;
    }
}
