package dev.mnc.testdata.fuzz;

import dev.mnc.testdata.fuzz.Field.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the fields of a valid {@code .mnc} file as {@code runtime/FORMAT.md} (version 1.0) lays
 * them out: header, section directory, string lengths, tensor records, the quantization entries
 * they refer to, op records, memory plan, inputs/outputs and metadata. It reads its own copy of the
 * layout rather than the runtime's parser, so that the mutator does not share the reader's
 * assumptions. Stacked mutations walk damaged files too: a walk that leaves the file ends there,
 * with the fields found so far.
 */
final class MncLayout {
    private static final byte[] MAGIC = {(byte) 0x89, 'M', 'N', 'C', '\r', '\n', 0x1a, '\n'};
    private static final int TENSOR_RECORD = 64;

    private final ByteBuffer b;
    private static final int MAX_FIELDS = 100_000;

    private final List<Field> out = new ArrayList<>();

    private MncLayout(byte[] bytes) {
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The fields of {@code bytes} (of its undamaged part), or an empty list if it is not an {@code .mnc} file. */
    static List<Field> fields(byte[] bytes) {
        if (bytes.length < 64 || !ByteBuffer.wrap(bytes, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            return List.of();
        }
        MncLayout w = new MncLayout(bytes);
        try {
            w.walk();
        } catch (IndexOutOfBoundsException e) {
            return w.out;
        }
        return w.out;
    }

    /**
     * Records a field. One that does not fit the file, or more fields than {@value #MAX_FIELDS}, ends
     * the walk: only damaged files have those, and their counts may claim billions of elements.
     */
    private void add(String what, int at, int width, Kind kind) {
        if (at < 0 || at > b.limit() - width || out.size() >= MAX_FIELDS) {
            throw new IndexOutOfBoundsException(what + " at byte " + at + " ends the walk");
        }
        out.add(new Field(what, at, width, kind));
    }

    private void walk() {
        add("major version", 8, 2, Kind.CODE);
        add("minor version", 10, 2, Kind.CODE);
        add("file size", 16, 8, Kind.LENGTH);
        add("header size", 24, 4, Kind.LENGTH);
        add("section count", 28, 4, Kind.LENGTH);
        add("section directory offset", 32, 8, Kind.OFFSET);
        int sections = b.getInt(28);
        int dir = (int) b.getLong(32);
        int[] start = new int[9];
        for (int i = 0; i < sections; i++) {
            int e = dir + 24 * i;
            int kind = b.getInt(e);
            String s = "section " + i + " (kind " + kind + ")";
            add(s + " kind", e, 4, Kind.CODE);
            add(s + " flags", e + 4, 4, Kind.CODE);
            add(s + " offset", e + 8, 8, Kind.OFFSET);
            add(s + " length", e + 16, 8, Kind.LENGTH);
            if (kind >= 1 && kind <= 8) {
                start[kind] = (int) b.getLong(e + 8);
            }
        }
        strings(start[1]);
        tensors(start[2], start[3]);
        ops(start[4]);
        plan(start[5]);
        io(start[6]);
        metadata(start[7]);
    }

    private void strings(int p) {
        int n = b.getInt(p);
        add("string count", p, 4, Kind.LENGTH);
        p += 4;
        for (int i = 0; i < n; i++) {
            add("length of string " + i, p, 4, Kind.LENGTH);
            int len = b.getInt(p);
            if (len < 0) {
                throw new IndexOutOfBoundsException("string " + i + " has length " + len);
            }
            p += 4 + len;
        }
    }

    private void tensors(int p, int quantSection) {
        int n = b.getInt(p);
        add("tensor count", p, 4, Kind.LENGTH);
        for (int i = 0; i < n; i++) {
            int t = p + 4 + TENSOR_RECORD * i;
            String s = "tensor " + i;
            add(s + " name", t, 4, Kind.INDEX);
            add(s + " dtype", t + 4, 1, Kind.CODE);
            add(s + " storage", t + 5, 1, Kind.CODE);
            add(s + " rank", t + 6, 1, Kind.DIM);
            add(s + " flags", t + 7, 1, Kind.CODE);
            add(s + " quantization entry", t + 8, 4, Kind.OFFSET);
            add(s + " offset", t + 16, 8, Kind.OFFSET);
            add(s + " byte length", t + 24, 8, Kind.LENGTH);
            int rank = b.get(t + 6);
            for (int d = 0; d < Math.max(rank, 1); d++) {
                add(s + " dim " + d, t + 32 + 4 * d, 4, Kind.DIM);
            }
            int q = b.getInt(t + 8);
            if (q >= 0) {
                quantEntry(s, quantSection + q);
            }
        }
    }

    private void quantEntry(String tensor, int q) {
        add(tensor + " quantization axis", q, 4, Kind.INDEX);
        add(tensor + " quantization scale count", q + 4, 4, Kind.LENGTH);
        int n = b.getInt(q + 4);
        for (int k = 0; k < Math.min(n, 4); k++) {
            add(tensor + " scale " + k, q + 8 + 4 * k, 4, Kind.FLOAT);
            add(tensor + " zero point " + k, q + 8 + 4 * n + 4 * k, 4, Kind.PARAM);
        }
    }

    private void ops(int p) {
        int n = b.getInt(p);
        add("op count", p, 4, Kind.LENGTH);
        p += 4;
        for (int i = 0; i < n; i++) {
            String s = "op " + i;
            add(s + " opcode", p, 2, Kind.CODE);
            add(s + " flags", p + 2, 2, Kind.CODE);
            add(s + " input count", p + 4, 2, Kind.LENGTH);
            add(s + " output count", p + 6, 2, Kind.LENGTH);
            add(s + " name", p + 8, 4, Kind.INDEX);
            add(s + " parameter count", p + 12, 4, Kind.LENGTH);
            int nin = b.getShort(p + 4) & 0xffff;
            int nout = b.getShort(p + 6) & 0xffff;
            int words = b.getInt(p + 12);
            p += 16;
            for (int k = 0; k < nin; k++, p += 4) {
                add(s + " input " + k, p, 4, Kind.INDEX);
            }
            for (int k = 0; k < nout; k++, p += 4) {
                add(s + " output " + k, p, 4, Kind.INDEX);
            }
            for (int k = 0; k < words; k++, p += 4) {
                add(s + " parameter " + k, p, 4, Kind.PARAM);
            }
        }
    }

    private void plan(int p) {
        int n = b.getInt(p);
        add("arena count", p, 4, Kind.LENGTH);
        for (int i = 0; i < n; i++) {
            int e = p + 4 + 16 * i;
            add("arena " + i + " kind", e, 4, Kind.CODE);
            add("arena " + i + " alignment", e + 4, 4, Kind.LENGTH);
            add("arena " + i + " size", e + 8, 8, Kind.LENGTH);
        }
    }

    private void io(int p) {
        for (String list : new String[] {"input", "output"}) {
            int n = b.getInt(p);
            add(list + " count", p, 4, Kind.LENGTH);
            p += 4;
            for (int i = 0; i < n; i++, p += 4) {
                add(list + " " + i, p, 4, Kind.INDEX);
            }
        }
    }

    private void metadata(int p) {
        int n = b.getInt(p);
        add("metadata count", p, 4, Kind.LENGTH);
        for (int i = 0; i < n; i++) {
            add("metadata key " + i, p + 4 + 8 * i, 4, Kind.INDEX);
            add("metadata value " + i, p + 8 + 8 * i, 4, Kind.INDEX);
        }
    }
}
