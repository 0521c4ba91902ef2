package dev.mnc.backend.tflite;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Files packed with a TFLite model (a classifier's labels), the way TFLite's metadata tools pack
 * them: a zip archive appended to the flatbuffer. The model still loads as it was (a flatbuffer
 * is read from its root offset, so trailing bytes are ignored), and the whole file is a zip whose
 * offsets count from the file's first byte.
 *
 * <p>Entries are stored, not deflated (TFLite's readers map them in place), with a fixed
 * timestamp (1980-01-01) so the same model and files always give the same bytes. Layout (PKWARE
 * APPNOTE, little-endian): a local file header (signature 0x04034b50) and the data per file, then
 * a central directory header (0x02014b50) per file and the end-of-central-directory record
 * (0x06054b50).
 */
final class AssociatedFiles {
    private static final int STORED = 0;
    private static final int VERSION = 10;
    /** MS-DOS date of 1980-01-01 (time 00:00 is 0). */
    private static final int DOS_DATE = (1 << 5) | 1;
    /** General-purpose flag: names are UTF-8. */
    private static final int UTF8_NAMES = 1 << 11;

    private AssociatedFiles() {}

    /** {@code model} followed by a zip of {@code files} (name to bytes, in iteration order). */
    static byte[] append(byte[] model, Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 1024);
        out.writeBytes(model);
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = f.getValue();
            CRC32 crc = new CRC32();
            crc.update(data);
            long offset = out.size();
            int4(out, 0x04034b50);
            int2(out, VERSION);
            common(out, name, data, crc.getValue());
            out.writeBytes(name);
            out.writeBytes(data);

            int4(central, 0x02014b50);
            int2(central, VERSION); // version made by
            int2(central, VERSION); // version needed
            common(central, name, data, crc.getValue());
            int2(central, 0); // comment length
            int2(central, 0); // disk number
            int2(central, 0); // internal attributes
            int4(central, 0); // external attributes
            int4(central, offset);
            central.writeBytes(name);
        }
        long centralOffset = out.size();
        out.writeBytes(central.toByteArray());
        int4(out, 0x06054b50);
        int2(out, 0); // this disk
        int2(out, 0); // disk with the central directory
        int2(out, files.size());
        int2(out, files.size());
        int4(out, central.size());
        int4(out, centralOffset);
        int2(out, 0); // comment length
        return out.toByteArray();
    }

    /** The fields a local and a central header share, from the flags to the extra-field length. */
    private static void common(ByteArrayOutputStream out, byte[] name, byte[] data, long crc) {
        int2(out, UTF8_NAMES);
        int2(out, STORED);
        int2(out, 0); // time
        int2(out, DOS_DATE);
        int4(out, crc);
        int4(out, data.length); // compressed size
        int4(out, data.length); // uncompressed size
        int2(out, name.length);
        int2(out, 0); // extra field length
    }

    private static void int2(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void int4(ByteArrayOutputStream out, long v) {
        int2(out, (int) (v & 0xFFFF));
        int2(out, (int) ((v >>> 16) & 0xFFFF));
    }
}
