package dev.mnc.testdata.fuzz;

import dev.mnc.testdata.fuzz.Field.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ObjIntConsumer;

/**
 * Lists the fields of a valid TFLite file (schema version 3) that hold its structure: every table's
 * offset to its vtable, every vtable's sizes and field entries, every reference (to a table, vector
 * or string) and vector length, and the schema's numbers that index or size something: tensor
 * shapes, element types and buffer indices, operator code indices and builtin codes, operator and
 * subgraph input and output tensor indices, quantization scales, zero points and dimensions,
 * buffer offsets and sizes, signature and metadata indices, and the fields of each operator's
 * options table.
 *
 * <p>A flatbuffer is a graph of offsets: the root offset (byte 0) leads to a table; a table begins
 * with a signed 32-bit offset back to its vtable (u16 vtable size, u16 table size, then one u16
 * offset per field, 0 when absent); references are unsigned 32-bit offsets relative to where they
 * are stored; vectors are a u32 length and the elements. Field slots are numbered as in TFLite's
 * {@code schema.fbs}. Stacked mutations walk damaged files too: a walk that leaves the file ends
 * there, with the fields found so far.
 */
final class TfliteLayout {
    private final ByteBuffer b;
    private static final int MAX_FIELDS = 100_000;

    private final List<Field> out = new ArrayList<>();
    private final Set<Integer> vtables = new HashSet<>();

    private TfliteLayout(byte[] bytes) {
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The fields of {@code bytes} (of its undamaged part), or an empty list if it is not a TFLite file. */
    static List<Field> fields(byte[] bytes) {
        if (bytes.length < 8 || bytes[4] != 'T' || bytes[5] != 'F' || bytes[6] != 'L' || bytes[7] != '3') {
            return List.of();
        }
        TfliteLayout w = new TfliteLayout(bytes);
        try {
            w.add("root table offset", 0, 4, Kind.OFFSET);
            w.model(w.b.getInt(0));
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

    /** A table at {@code pos}: records its vtable offset and (once per shared vtable) the vtable's fields. */
    private Table table(int pos, String what) {
        add(what + " vtable offset", pos, 4, Kind.OFFSET);
        int vt = pos - b.getInt(pos);
        int vtSize = b.getShort(vt) & 0xffff;
        if (vtables.add(vt)) {
            add("vtable size of " + what, vt, 2, Kind.LENGTH);
            add("table size in the vtable of " + what, vt + 2, 2, Kind.LENGTH);
            for (int e = 4; e + 2 <= vtSize; e += 2) {
                add("vtable of " + what + ", field " + (e - 4) / 2, vt + e, 2, Kind.OFFSET);
            }
        }
        return new Table(pos, vt, vtSize, b.getShort(vt + 2) & 0xffff, what);
    }

    private final class Table {
        final int pos;
        final int vt;
        final int vtSize;
        final int size;
        final String what;

        Table(int pos, int vt, int vtSize, int size, String what) {
            this.pos = pos;
            this.vt = vt;
            this.vtSize = vtSize;
            this.size = size;
            this.what = what;
        }

        /** Absolute position of field {@code slot}, or 0 when absent. */
        int field(int slot) {
            int e = 4 + 2 * slot;
            if (e + 2 > vtSize) {
                return 0;
            }
            int off = b.getShort(vt + e) & 0xffff;
            return off == 0 ? 0 : pos + off;
        }

        void scalar(int slot, int width, Kind kind, String name) {
            int p = field(slot);
            if (p != 0) {
                add(what + " " + name, p, width, kind);
            }
        }

        /** Follows reference field {@code slot}, recording it; -1 when absent. */
        int ref(int slot, String name) {
            int p = field(slot);
            if (p == 0) {
                return -1;
            }
            add(what + " " + name + " offset", p, 4, Kind.OFFSET);
            return p + b.getInt(p);
        }

        /** A vector of scalars: its length and up to {@code max} elements. */
        void vector(int slot, String name, int width, Kind kind, int max) {
            int p = ref(slot, name);
            if (p < 0) {
                return;
            }
            add(what + " " + name + " length", p, 4, Kind.LENGTH);
            int n = b.getInt(p);
            for (int i = 0; i < Math.min(n, max); i++) {
                add(what + " " + name + "[" + i + "]", p + 4 + width * i, width, kind);
            }
        }

        void string(int slot, String name) {
            int p = ref(slot, name);
            if (p >= 0) {
                add(what + " " + name + " length", p, 4, Kind.LENGTH);
            }
        }

        /** A vector of tables: its length, each element's reference, and each element walked by {@code visit}. */
        void tables(int slot, String name, ObjIntConsumer<Table> visit) {
            int p = ref(slot, name + "s");
            if (p < 0) {
                return;
            }
            add(what + " " + name + "s length", p, 4, Kind.LENGTH);
            int n = b.getInt(p);
            for (int i = 0; i < n; i++) {
                int e = p + 4 + 4 * i;
                add(name + " " + i + " offset", e, 4, Kind.OFFSET);
                visit.accept(table(e + b.getInt(e), name + " " + i), i);
            }
        }

        /** A sub-table, or null when absent. */
        Table child(int slot, String name) {
            int p = ref(slot, name);
            return p < 0 ? null : table(p, what + " " + name);
        }
    }

    private void model(int root) {
        Table m = table(root, "model");
        m.scalar(0, 4, Kind.CODE, "version");
        m.tables(1, "operator code", (c, i) -> {
            c.scalar(0, 1, Kind.CODE, "deprecated builtin code");
            c.string(1, "custom code");
            c.scalar(2, 4, Kind.CODE, "version");
            c.scalar(3, 4, Kind.CODE, "builtin code");
        });
        m.tables(2, "subgraph", (s, i) -> subgraph(s));
        m.string(3, "description");
        m.tables(4, "buffer", (buf, i) -> {
            buf.vector(0, "data", 1, Kind.PARAM, 0);
            buf.scalar(1, 8, Kind.OFFSET, "offset");
            buf.scalar(2, 8, Kind.LENGTH, "size");
        });
        m.vector(5, "metadata buffers", 4, Kind.INDEX, 16);
        m.tables(6, "metadata", (md, i) -> {
            md.string(0, "name");
            md.scalar(1, 4, Kind.INDEX, "buffer");
        });
        m.tables(7, "signature", (sig, i) -> {
            ObjIntConsumer<Table> tensorMap = (tm, k) -> {
                tm.string(0, "name");
                tm.scalar(1, 4, Kind.INDEX, "tensor index");
            };
            sig.tables(0, "signature input", tensorMap);
            sig.tables(1, "signature output", tensorMap);
            sig.string(2, "key");
            sig.scalar(4, 4, Kind.INDEX, "subgraph index");
        });
    }

    private void subgraph(Table s) {
        s.tables(0, "tensor", (t, i) -> {
            t.vector(0, "shape", 4, Kind.DIM, 8);
            t.scalar(1, 1, Kind.CODE, "type");
            t.scalar(2, 4, Kind.INDEX, "buffer");
            t.string(3, "name");
            Table q = t.child(4, "quantization");
            if (q != null) {
                q.vector(0, "min", 4, Kind.FLOAT, 2);
                q.vector(1, "max", 4, Kind.FLOAT, 2);
                q.vector(2, "scale", 4, Kind.FLOAT, 4);
                q.vector(3, "zero point", 8, Kind.PARAM, 4);
                q.scalar(4, 1, Kind.CODE, "details type");
                q.scalar(6, 4, Kind.INDEX, "quantized dimension");
            }
            t.vector(7, "shape signature", 4, Kind.DIM, 8);
        });
        s.vector(1, "inputs", 4, Kind.INDEX, 8);
        s.vector(2, "outputs", 4, Kind.INDEX, 8);
        s.tables(3, "operator", (op, i) -> {
            op.scalar(0, 4, Kind.INDEX, "opcode index");
            op.vector(1, "inputs", 4, Kind.INDEX, 8);
            op.vector(2, "outputs", 4, Kind.INDEX, 8);
            op.scalar(3, 1, Kind.CODE, "options type");
            Table opts = op.child(4, "options");
            if (opts != null) {
                options(opts);
            }
            op.vector(5, "custom options", 1, Kind.PARAM, 0);
            op.vector(8, "intermediates", 4, Kind.INDEX, 4);
        });
        s.string(4, "name");
    }

    /**
     * The fields of an options table, whose schema depends on the operator: widths are inferred
     * from the gaps between the fields' offsets (at most 4 bytes, a power of two).
     */
    private void options(Table opts) {
        TreeSet<Integer> offsets = new TreeSet<>();
        for (int e = 4; e + 2 <= opts.vtSize; e += 2) {
            int off = b.getShort(opts.vt + e) & 0xffff;
            if (off != 0) {
                offsets.add(off);
            }
        }
        for (int off : offsets) {
            Integer next = offsets.higher(off);
            int gap = (next == null ? opts.size : next) - off;
            int width = gap >= 4 ? 4 : gap >= 2 ? 2 : 1;
            add(opts.what + " field at +" + off, opts.pos + off, width, Kind.PARAM);
        }
    }
}
