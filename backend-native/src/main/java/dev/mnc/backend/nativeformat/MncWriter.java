package dev.mnc.backend.nativeformat;

import dev.mnc.runtime.format.Format;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Assembles the bytes of a {@code .mnc} file (FORMAT.md): the header, the section directory, then
 * the sections in kind order, with the constant blobs last and each blob at a file offset that is a
 * multiple of 64. The header's size and CRC-32C are filled in when the file is complete.
 */
final class MncWriter {
    /** Little-endian growable buffer for one section. */
    static final class Section {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Section i32(int v) {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
            return this;
        }

        Section u16(int v) {
            out.write(v);
            out.write(v >>> 8);
            return this;
        }

        Section u8(int v) {
            out.write(v);
            return this;
        }

        Section i64(long v) {
            i32((int) v);
            return i32((int) (v >>> 32));
        }

        Section f32(float v) {
            return i32(Float.floatToRawIntBits(v));
        }

        Section bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIndex = new HashMap<>();
    private final Map<Integer, Section> sections = new LinkedHashMap<>();
    private final List<byte[]> blobs = new ArrayList<>();
    private long blobBytes;

    MncWriter() {
        for (int k = Format.SECTION_STRINGS; k <= Format.SECTION_BLOBS; k++) {
            if (k != Format.SECTION_STRINGS && k != Format.SECTION_BLOBS) {
                sections.put(k, new Section());
            }
        }
    }

    /** Index of {@code s} in the string table, adding it once. */
    int string(String s) {
        return stringIndex.computeIfAbsent(s, k -> {
            strings.add(k);
            return strings.size() - 1;
        });
    }

    Section section(int kind) {
        return sections.get(kind);
    }

    /** Adds a constant blob; returns its offset relative to the start of the blob section. */
    long blob(byte[] data) {
        long at = blobBytes;
        blobs.add(data);
        blobBytes = align(blobBytes + data.length, Format.BLOB_ALIGNMENT);
        return at;
    }

    /**
     * Where the blob section will start, once every string is registered and every section but the
     * tensor table is written; {@code pendingBytes} is the size the tensor table will have.
     */
    long blobStart(long pendingBytes) {
        long pos = Format.HEADER_SIZE + (long) (sections.size() + 2) * Format.SECTION_ENTRY_SIZE + pendingBytes;
        pos += stringSection().size();
        for (Section s : sections.values()) {
            pos += s.size();
        }
        return align(pos, Format.BLOB_ALIGNMENT);
    }

    private Section stringSection() {
        Section s = new Section();
        s.i32(strings.size());
        for (String str : strings) {
            byte[] b = str.getBytes(StandardCharsets.UTF_8);
            s.i32(b.length).bytes(b);
        }
        return s;
    }

    static long align(long x, long a) {
        return (x + a - 1) / a * a;
    }

    /**
     * The finished file, stamped with format version 1.{@code minor}. The tensor table must already
     * hold absolute blob offsets from {@link #blobStart()}.
     */
    byte[] finish(int minor) {
        Map<Integer, byte[]> body = new LinkedHashMap<>();
        body.put(Format.SECTION_STRINGS, stringSection().toBytes());
        for (var e : sections.entrySet()) {
            body.put(e.getKey(), e.getValue().toBytes());
        }
        int count = body.size() + 1;
        long pos = Format.HEADER_SIZE + (long) count * Format.SECTION_ENTRY_SIZE;
        Map<Integer, long[]> dir = new LinkedHashMap<>();
        for (var e : body.entrySet()) {
            dir.put(e.getKey(), new long[] {pos, e.getValue().length});
            pos += e.getValue().length;
        }
        long blobStart = align(pos, Format.BLOB_ALIGNMENT);
        if (blobStart != blobStart(0)) {
            throw new IllegalStateException("section sizes changed after blob offsets were assigned");
        }
        dir.put(Format.SECTION_BLOBS, new long[] {blobStart, blobBytes});
        long size = blobStart + blobBytes;
        if (size > Integer.MAX_VALUE - 64) {
            throw new dev.mnc.ir.MncException("the compiled model would have " + size
                    + " bytes; .mnc files are limited to 2 GB");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Format.MAGIC);
        b.putShort((short) Format.MAJOR_VERSION);
        b.putShort((short) minor);
        b.putInt(0);
        b.putLong(size);
        b.putInt(Format.HEADER_SIZE);
        b.putInt(count);
        b.putLong(Format.HEADER_SIZE);
        b.position(Format.HEADER_SIZE);
        for (var e : dir.entrySet()) {
            b.putInt(e.getKey());
            b.putInt(0);
            b.putLong(e.getValue()[0]);
            b.putLong(e.getValue()[1]);
        }
        for (var e : body.entrySet()) {
            b.position((int) dir.get(e.getKey())[0]);
            b.put(e.getValue());
        }
        long at = blobStart;
        for (byte[] blob : blobs) {
            b.position((int) at);
            b.put(blob);
            at = align(at + blob.length, Format.BLOB_ALIGNMENT);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), Format.CRC_START, (int) size - Format.CRC_START);
        b.putInt(Format.CRC_OFFSET, (int) crc.getValue());
        return b.array();
    }
}
