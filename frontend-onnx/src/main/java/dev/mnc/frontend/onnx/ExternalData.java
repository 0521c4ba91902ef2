package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.StringStringEntryProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads tensor data that a model keeps in a separate file ({@code data_location = EXTERNAL},
 * with {@code location}, {@code offset} and {@code length} entries, as ONNX's external-data
 * format specifies).
 *
 * <p>A model file must not make mnc read files elsewhere on the machine: the location has to be a
 * relative path that stays inside the model's folder both after normalization (no {@code ..}
 * escapes, no absolute paths) and after resolving symbolic links ({@code toRealPath}). The byte
 * range is checked against the file's size before anything is allocated.
 */
final class ExternalData {
    private final Path baseDir;

    /** @param baseDir the model's folder, or null when the model came as bytes without one */
    ExternalData(Path baseDir) {
        this.baseDir = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
    }

    /** Exactly {@code needBytes} bytes of {@code t}'s data. */
    ByteBuffer read(TensorProto t, long needBytes) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseNonNegative("offset", e.getValue());
                case "length" -> length = parseNonNegative("length", e.getValue());
                default -> { } // "checksum" and future keys do not change what is read
            }
        }
        if (location == null || location.isEmpty()) {
            throw new MncException("external data has no location");
        }
        if (baseDir == null) {
            throw new MncException("data is in external file '" + location
                    + "' but the model was given without its folder; import it from its file");
        }
        Path file = resolve(location);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new MncException("cannot read external data file '" + location + "': " + e.getMessage(), e);
        }
        if (length >= 0 && length != needBytes) {
            throw new MncException("external data length " + length + " does not match the " + needBytes
                    + " bytes its dims need");
        }
        if (offset > size || needBytes > size - offset) {
            throw new MncException("external data needs " + needBytes + " bytes at offset " + offset + " of '"
                    + location + "', which has only " + size + " bytes");
        }
        if (needBytes > Limits.MAX_TENSOR_BYTES) {
            throw new MncException("external data of " + needBytes + " bytes is too large for one tensor");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) needBytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new MncException("external data file '" + location + "' ended early");
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new MncException("cannot read external data file '" + location + "': " + e.getMessage(), e);
        }
        return buf.flip();
    }

    private Path resolve(String location) {
        Path rel;
        try {
            rel = Path.of(location);
        } catch (java.nio.file.InvalidPathException e) {
            throw new MncException("external data location '" + location + "' is not a valid path");
        }
        if (rel.isAbsolute() || location.startsWith("/") || location.startsWith("\\")
                || (location.length() > 1 && location.charAt(1) == ':')) {
            throw new MncException("external data location '" + location
                    + "' is absolute; only paths relative to the model's folder are allowed");
        }
        Path file = baseDir.resolve(rel).normalize();
        if (!file.startsWith(baseDir) || file.equals(baseDir)) {
            throw new MncException("external data location '" + location + "' leaves the model's folder");
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(baseDir.toRealPath())) {
                throw new MncException("external data location '" + location
                        + "' is a link that leads out of the model's folder");
            }
            if (!Files.isRegularFile(real)) {
                throw new MncException("external data location '" + location + "' is not a regular file");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new MncException("external data file '" + location + "' not found next to the model");
        } catch (IOException e) {
            throw new MncException("cannot resolve external data file '" + location + "': " + e.getMessage(), e);
        }
    }

    private static long parseNonNegative(String key, String v) {
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MncException("external data " + key + " '" + v + "' is not a non-negative integer");
    }
}
