package dev.mnc.backend.tflite;

import dev.mnc.ir.MncException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounds-checked reader of FlatBuffers data, for files nobody vouches for.
 *
 * <p>A flatbuffer is a graph of offsets: the root offset leads to a table; a table starts with a
 * signed offset back to its vtable, which lists the table's size and each field's offset inside
 * it (0 when absent); reference fields hold unsigned offsets, relative to the field, to tables,
 * vectors (a u32 length and the elements) and strings (a byte vector plus a terminating 0).
 * Every position this reader computes is checked against the buffer (in 64-bit arithmetic, so
 * no offset can wrap around), every vtable and field against its table's declared size, and
 * every vector length against the bytes that remain, so a truncated or corrupted file yields an
 * {@link MncException} naming the position, never an index exception, a giant allocation or an
 * endless loop (all loops are bounded by vector lengths, which are bounded by the file size).
 */
final class FlatReader {
    private final ByteBuffer bb;
    private final int limit;

    FlatReader(byte[] bytes) {
        this.bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.limit = bytes.length;
    }

    int size() {
        return limit;
    }

    /** The root table, after checking the 4-byte file identifier at offset 4. */
    Table root(String identifier) {
        need(0, 8, "the file header");
        byte[] id = new byte[4];
        bb.get(4, id);
        String got = new String(id, StandardCharsets.ISO_8859_1);
        if (!got.equals(identifier)) {
            throw malformed("the file identifier is '" + printable(got) + "', not '" + identifier + "'");
        }
        return table(uoffsetTarget(0), "the root table");
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    private MncException malformed(String what) {
        return new MncException("malformed TFLite file: " + what);
    }

    private void need(long pos, long len, String what) {
        if (pos < 0 || len < 0 || pos + len > limit) {
            throw malformed(what + " at byte " + pos + " (" + len + " bytes) lies outside the file of " + limit + " bytes");
        }
    }

    /** Where the u32 offset stored at {@code pos} points. */
    private int uoffsetTarget(long pos) {
        need(pos, 4, "an offset");
        long target = pos + Integer.toUnsignedLong(bb.getInt((int) pos));
        need(target, 4, "an offset's target");
        return (int) target;
    }

    Table table(int pos, String what) {
        return new Table(pos, what);
    }

    /** A table: its position, vtable and declared sizes, with checked field access by slot (0-based field index). */
    final class Table {
        private final int pos;
        private final int vtable;
        private final int vtableSize;
        private final int objectSize;
        private final String what;

        private Table(int pos, String what) {
            this.what = what;
            need(pos, 4, what);
            long vt = (long) pos - bb.getInt(pos);
            need(vt, 4, "the vtable of " + what);
            int vs = Short.toUnsignedInt(bb.getShort((int) vt));
            int os = Short.toUnsignedInt(bb.getShort((int) vt + 2));
            if (vs < 4 || vs % 2 != 0) {
                throw malformed("the vtable of " + what + " at byte " + vt + " declares a size of " + vs);
            }
            need(vt, vs, "the vtable of " + what);
            if (os < 4) {
                throw malformed(what + " at byte " + pos + " declares a size of " + os);
            }
            need(pos, os, what);
            this.pos = pos;
            this.vtable = (int) vt;
            this.vtableSize = vs;
            this.objectSize = os;
        }

        /** Offset of field {@code slot} within the table, 0 when absent; checks it fits the table. */
        private int field(int slot, int size) {
            int vo = 4 + 2 * slot;
            if (vo + 2 > vtableSize) {
                return 0;
            }
            int off = Short.toUnsignedInt(bb.getShort(vtable + vo));
            if (off != 0 && (off < 4 || off + size > objectSize)) {
                throw malformed("field " + slot + " of " + what + " at byte " + pos + " lies outside the table");
            }
            return off;
        }

        byte int8(int slot, byte dflt) {
            int o = field(slot, 1);
            return o == 0 ? dflt : bb.get(pos + o);
        }

        int uint8(int slot, int dflt) {
            int o = field(slot, 1);
            return o == 0 ? dflt : Byte.toUnsignedInt(bb.get(pos + o));
        }

        boolean bool(int slot, boolean dflt) {
            int o = field(slot, 1);
            return o == 0 ? dflt : bb.get(pos + o) != 0;
        }

        int int32(int slot, int dflt) {
            int o = field(slot, 4);
            return o == 0 ? dflt : bb.getInt(pos + o);
        }

        long uint32(int slot, long dflt) {
            int o = field(slot, 4);
            return o == 0 ? dflt : Integer.toUnsignedLong(bb.getInt(pos + o));
        }

        long int64(int slot, long dflt) {
            int o = field(slot, 8);
            return o == 0 ? dflt : bb.getLong(pos + o);
        }

        float float32(int slot, float dflt) {
            int o = field(slot, 4);
            return o == 0 ? dflt : bb.getFloat(pos + o);
        }

        /** The position a reference field points to, or -1 when absent. */
        private int ref(int slot) {
            int o = field(slot, 4);
            return o == 0 ? -1 : uoffsetTarget((long) pos + o);
        }

        /** A sub-table, or null when absent. */
        Table table(int slot, String name) {
            int p = ref(slot);
            return p < 0 ? null : new Table(p, name);
        }

        /** A string (UTF-8, malformed bytes replaced), or null when absent. */
        String string(int slot) {
            int p = ref(slot);
            if (p < 0) {
                return null;
            }
            int len = vectorLength(p, 1, "a string in " + what);
            need((long) p + 4 + len, 1, "the end of a string in " + what);
            byte[] b = new byte[len];
            bb.get(p + 4, b);
            return new String(b, StandardCharsets.UTF_8);
        }

        int[] ints(int slot) {
            int p = ref(slot);
            if (p < 0) {
                return new int[0];
            }
            int[] out = new int[vectorLength(p, 4, "an int vector in " + what)];
            for (int i = 0; i < out.length; i++) {
                out[i] = bb.getInt(p + 4 + 4 * i);
            }
            return out;
        }

        long[] longs(int slot) {
            int p = ref(slot);
            if (p < 0) {
                return new long[0];
            }
            long[] out = new long[vectorLength(p, 8, "a long vector in " + what)];
            for (int i = 0; i < out.length; i++) {
                out[i] = bb.getLong(p + 4 + 8 * i);
            }
            return out;
        }

        float[] floats(int slot) {
            int p = ref(slot);
            if (p < 0) {
                return new float[0];
            }
            float[] out = new float[vectorLength(p, 4, "a float vector in " + what)];
            for (int i = 0; i < out.length; i++) {
                out[i] = bb.getFloat(p + 4 + 4 * i);
            }
            return out;
        }

        /** Length in bytes of a byte vector (e.g. a buffer's data), 0 when absent; the bytes are not copied. */
        int byteVectorLength(int slot) {
            int p = ref(slot);
            return p < 0 ? 0 : vectorLength(p, 1, "a byte vector in " + what);
        }

        /** Copies a byte vector; empty when absent. */
        byte[] bytes(int slot) {
            int p = ref(slot);
            if (p < 0) {
                return new byte[0];
            }
            byte[] out = new byte[vectorLength(p, 1, "a byte vector in " + what)];
            bb.get(p + 4, out);
            return out;
        }

        /** A vector of tables, each checked; empty when absent. */
        List<Table> tables(int slot, String elementName) {
            int p = ref(slot);
            if (p < 0) {
                return List.of();
            }
            int n = vectorLength(p, 4, "a table vector in " + what);
            List<Table> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Table(uoffsetTarget((long) p + 4 + 4L * i), elementName + " " + i));
            }
            return out;
        }
    }

    /** The element count of the vector at {@code p}, after checking all its elements lie in the file. */
    private int vectorLength(int p, int elementSize, String what) {
        need(p, 4, what);
        long n = Integer.toUnsignedLong(bb.getInt(p));
        if (n * elementSize > limit - (long) p - 4) {
            throw malformed(what + " at byte " + p + " claims " + n + " elements, more than the file holds");
        }
        return (int) n;
    }
}
