package dev.mnc.tensorio;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Layout: the magic {@code \x93NUMPY}, a major and minor version byte, the header length
 * (2 bytes little-endian in 1.0, 4 bytes in 2.0/3.0), then an ASCII (3.0: UTF-8) Python dict
 * literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 224, 224), }} padded
 * with spaces and a newline, then the raw C-order data.
 *
 * <p>Reading accepts little- and big-endian float32/float64 and the integer types, converting
 * float64 to float32; it checks the declared size against the bytes present before allocating.
 * Writing produces version 1.0 float32 little-endian, with the header padded to 64 bytes as NumPy
 * does.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers longer than this when reading untrusted files. */
    private static final int MAX_HEADER = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Reads a whole file; errors name it. */
    public static TensorData read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new MncException(file + ": .npy file is larger than 2 GB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MncException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            return parse(bytes);
        } catch (MncException e) {
            throw e.within(file.toString());
        }
    }

    /** Parses the bytes of a {@code .npy} file. */
    public static TensorData parse(byte[] bytes) {
        if (bytes.length < 10) {
            throw new MncException("not a .npy file (only " + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new MncException("not a .npy file (wrong magic bytes)");
            }
        }
        int major = bytes[6] & 0xff;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new MncException("truncated .npy header");
            }
            headerLen = b.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new MncException("unsupported .npy format version " + major + "." + (bytes[7] & 0xff));
        }
        if (headerLen > MAX_HEADER || start + headerLen > bytes.length) {
            throw new MncException("truncated or oversized .npy header (" + headerLen + " bytes declared)");
        }
        String header = new String(bytes, start, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new MncException("malformed .npy header: " + printable(header));
        }
        if (f.group(1).equals("True")) {
            throw new MncException("Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        Shape shape = parseShape(s.group(1));
        char order = d.group(1).charAt(0);
        char kind = d.group(2).charAt(0);
        // No NumPy type is wider than two digits of bytes; a longer size is refused as a type, not parsed.
        int itemSize = d.group(3).length() > 2 ? 0 : Integer.parseInt(d.group(3));
        DType dtype = dtypeOf(kind, itemSize, printable(d.group(0)));
        long n = shape.numElements();
        long dataStart = start + headerLen;
        long need = n * itemSize;
        if (bytes.length - dataStart != need) {
            throw new MncException("data holds " + (bytes.length - dataStart) + " bytes but shape " + shape + " of "
                    + d.group(1) + kind + itemSize + " needs " + need + (bytes.length - dataStart < need ? " (truncated)" : ""));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) need).slice()
                .order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return decode(data, kind, itemSize, dtype, shape, (int) n);
    }

    /** A damaged header for a one-line message: non-printable characters as '?', at most 100 characters. */
    private static String printable(String header) {
        String h = header.strip();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(h.length(), 100); i++) {
            char c = h.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return h.length() > 100 ? sb + "..." : sb.toString();
    }

    private static Shape parseShape(String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.endsWith("L")) {
                t = t.substring(0, t.length() - 1);
            }
            try {
                long v = Long.parseLong(t);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new MncException("malformed .npy shape (" + printable(text) + ")");
            }
        }
        if (dims.size() > Shape.MAX_RANK) {
            throw new MncException(".npy array has rank " + dims.size() + ", more than " + Shape.MAX_RANK);
        }
        return Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
    }

    private static DType dtypeOf(char kind, int size, String descr) {
        if (kind == 'f' && (size == 4 || size == 8)) {
            return DType.F32;
        }
        if (kind == 'i') {
            switch (size) {
                case 1: return DType.I8;
                case 2: return DType.I16;
                case 4: return DType.I32;
                case 8: return DType.I64;
                default: break;
            }
        }
        if (kind == 'u' && size == 1) {
            return DType.U8;
        }
        if (kind == 'b' && size == 1) {
            return DType.BOOL;
        }
        throw new MncException("unsupported .npy element type " + descr
                + " (use float32; float64 and integer types are also read)");
    }

    private static TensorData decode(ByteBuffer data, char kind, int itemSize, DType dtype, Shape shape, int n) {
        switch (dtype) {
            case F32 -> {
                float[] out = new float[n];
                if (itemSize == 4) {
                    data.asFloatBuffer().get(out);
                } else {
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) data.getDouble(i * 8);
                    }
                }
                return TensorData.ofFloats(shape, out);
            }
            case I8, U8, BOOL -> {
                byte[] out = new byte[n];
                data.get(out);
                return TensorData.ofBytes(dtype, shape, out);
            }
            case I16 -> {
                short[] out = new short[n];
                data.asShortBuffer().get(out);
                return TensorData.ofShorts(shape, out);
            }
            case I32 -> {
                int[] out = new int[n];
                data.asIntBuffer().get(out);
                return TensorData.ofInts(shape, out);
            }
            case I64 -> {
                long[] out = new long[n];
                data.asLongBuffer().get(out);
                return TensorData.ofLongs(shape, out);
            }
        }
        throw new IllegalStateException(kind + "" + itemSize);
    }

    /** Encodes a float32 array as a version 1.0 {@code .npy} file. */
    public static byte[] encode(long[] shape, float[] data) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.asFloatBuffer().put(data);
        return b.array();
    }

    /** Writes a float32 {@code .npy} file atomically. */
    public static void write(Path file, long[] shape, float[] data) {
        AtomicFiles.write(file, encode(shape, data));
    }
}
