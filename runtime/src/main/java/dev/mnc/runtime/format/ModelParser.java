package dev.mnc.runtime.format;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Decodes and structurally validates a {@code .mnc} file (layout in FORMAT.md). The order of checks
 * is the order in which a damaged file is best explained: size and magic, then version (a newer
 * major version asks the user to upgrade), then the checksum, then each section. Every count is
 * bounded by the bytes that hold it before anything is allocated, so a hostile file cannot make the
 * reader run out of memory or loop long.
 */
public final class ModelParser {
    private final ByteBuffer buf;
    private final String source;
    private List<String> strings;
    private ByteBuffer quant;
    private long quantStart;
    private long blobStart;
    private long blobEnd;

    private ModelParser(ByteBuffer buf, String source) {
        this.buf = buf;
        this.source = source;
    }

    /** Parses the file in {@code data} (from its position to its limit); {@code source} names it in messages. */
    public static ModelFile parse(ByteBuffer data, String source) throws ModelFormatException {
        ByteBuffer b = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new ModelParser(b, source).parse();
    }

    private ModelFormatException error(String problem) {
        return new ModelFormatException(source, problem);
    }

    private record Section(int kind, int flags, long offset, long length) {}

    private ModelFile parse() throws ModelFormatException {
        int size = buf.limit();
        if (size < Format.MAGIC.length) {
            throw error("not an .mnc model: the file has only " + size + " bytes");
        }
        for (int i = 0; i < Format.MAGIC.length; i++) {
            if (buf.get(i) != Format.MAGIC[i]) {
                throw error("not an .mnc model: wrong magic bytes (was it written by mnc's native backend?)");
            }
        }
        if (size < Format.HEADER_SIZE) {
            throw error("truncated: the header needs " + Format.HEADER_SIZE + " bytes, the file has " + size);
        }
        int major = buf.getShort(8) & 0xffff;
        int minor = buf.getShort(10) & 0xffff;
        if (major > Format.MAJOR_VERSION) {
            throw error("format version " + major + "." + minor + " is newer than this runtime reads (up to "
                    + Format.MAJOR_VERSION + ".x): upgrade mnc");
        }
        if (major < 1) {
            throw error("format version " + major + "." + minor + " is not a released version");
        }
        long declared = buf.getLong(16);
        if (declared != size) {
            throw error(declared > size || declared < 0
                    ? "truncated: the header says " + Long.toUnsignedString(declared) + " bytes, the file has " + size
                    : "the header says " + declared + " bytes but the file has " + size + " (trailing data)");
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(Format.CRC_START).limit(size));
        int want = buf.getInt(Format.CRC_OFFSET);
        if ((int) crc.getValue() != want) {
            throw error("checksum mismatch: the file is corrupted (CRC-32C " + Integer.toHexString((int) crc.getValue())
                    + ", header says " + Integer.toHexString(want) + ")");
        }
        Cursor head = new Cursor(buf, source, "header", 24, 16);
        int headerSize = head.u32("header size", size);
        int count = head.u32("section count", Format.MAX_SECTIONS);
        long dirOffset = head.u63("section directory offset");
        if (headerSize < Format.HEADER_SIZE) {
            throw error("header size " + headerSize + " is below " + Format.HEADER_SIZE);
        }
        Cursor dir = new Cursor(buf, source, "section directory", dirOffset, (long) count * Format.SECTION_ENTRY_SIZE);
        Map<Integer, Section> sections = new LinkedHashMap<>();
        List<Section> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = dir.i32();
            int flags = dir.i32();
            long off = dir.u63("section offset");
            long len = dir.u63("section length");
            if (off < headerSize || off > size || len > size - off) {
                throw error("section " + i + " (kind " + kind + ") at " + off + "+" + len + " lies outside the file");
            }
            Section s = new Section(kind, flags, off, len);
            for (Section o : all) {
                if (off < o.offset + o.length && o.offset < off + len) {
                    throw error("sections of kinds " + o.kind + " and " + kind + " overlap");
                }
            }
            if (dirOffset < off + len && off < dirOffset + (long) count * Format.SECTION_ENTRY_SIZE) {
                throw error("section of kind " + kind + " overlaps the section directory");
            }
            all.add(s);
            if (kind < Format.SECTION_STRINGS || kind > Format.SECTION_BLOBS) {
                if ((flags & Format.SECTION_FLAG_OPTIONAL) == 0) {
                    throw error("section kind " + kind + " is unknown to this runtime (format " + major + "." + minor
                            + ", this runtime reads " + Format.MAJOR_VERSION + "." + Format.MINOR_VERSION + "): upgrade mnc");
                }
                continue;
            }
            if (sections.put(kind, s) != null) {
                throw error("section kind " + kind + " appears twice");
            }
        }
        for (int k = Format.SECTION_STRINGS; k <= Format.SECTION_BLOBS; k++) {
            if (!sections.containsKey(k)) {
                throw error("required section " + sectionName(k) + " is missing");
            }
        }
        strings = strings(cursor(sections, Format.SECTION_STRINGS));
        Section q = sections.get(Format.SECTION_QUANT);
        quantStart = q.offset;
        quant = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        quant.position((int) q.offset).limit((int) (q.offset + q.length));
        Section bl = sections.get(Format.SECTION_BLOBS);
        blobStart = bl.offset;
        blobEnd = bl.offset + bl.length;
        long[] arenas = plan(cursor(sections, Format.SECTION_PLAN));
        List<ModelFile.TensorRecord> tensors = tensors(cursor(sections, Format.SECTION_TENSORS), arenas);
        List<ModelFile.OpRecord> ops = ops(cursor(sections, Format.SECTION_OPS), tensors.size(), minor);
        Cursor io = cursor(sections, Format.SECTION_IO);
        int[] inputs = indexList(io, "input", tensors.size());
        int[] outputs = indexList(io, "output", tensors.size());
        io.expectEnd();
        if (outputs.length == 0) {
            throw error("the model has no outputs");
        }
        Map<String, String> meta = metadata(cursor(sections, Format.SECTION_METADATA));
        return new ModelFile(source, major, minor, List.copyOf(tensors), List.copyOf(ops), arenas, inputs, outputs,
                meta, buf);
    }

    private static String sectionName(int kind) {
        return switch (kind) {
            case Format.SECTION_STRINGS -> "strings";
            case Format.SECTION_TENSORS -> "tensors";
            case Format.SECTION_QUANT -> "quantization";
            case Format.SECTION_OPS -> "ops";
            case Format.SECTION_PLAN -> "memory plan";
            case Format.SECTION_IO -> "inputs/outputs";
            case Format.SECTION_METADATA -> "metadata";
            case Format.SECTION_BLOBS -> "constant blobs";
            default -> "kind " + kind;
        };
    }

    private Cursor cursor(Map<Integer, Section> sections, int kind) throws ModelFormatException {
        Section s = sections.get(kind);
        return new Cursor(buf, source, sectionName(kind) + " section", s.offset, s.length);
    }

    private List<String> strings(Cursor c) throws ModelFormatException {
        int n = c.u32("string count", c.remaining() / 4);
        List<String> out = new ArrayList<>(n);
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < n; i++) {
            int len = c.u32("length of string " + i, c.remaining());
            byte[] bytes = new byte[len];
            c.bytes(bytes);
            try {
                CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes));
                out.add(cb.toString());
            } catch (CharacterCodingException e) {
                throw c.error("string " + i + " is not valid UTF-8");
            }
        }
        c.expectEnd();
        return out;
    }

    private String string(Cursor c, String what) throws ModelFormatException {
        int i = c.i32();
        if (i < 0 || i >= strings.size()) {
            throw c.error(what + " refers to string " + (i & 0xffffffffL) + " of " + strings.size());
        }
        return strings.get(i);
    }

    private long[] plan(Cursor c) throws ModelFormatException {
        int n = c.u32("arena count", 16);
        long[] sizes = new long[Format.ARENA_I64 + 1];
        boolean[] seen = new boolean[sizes.length];
        for (int i = 0; i < n; i++) {
            int kind = c.i32();
            int align = c.i32();
            long elems = c.u63("arena size");
            if (kind < Format.ARENA_F32 || kind > Format.ARENA_I64 || seen[kind]) {
                throw c.error("arena kind " + kind + " is unknown or repeated");
            }
            if (align != Format.ARENA_ALIGNMENT) {
                throw c.error("arena alignment " + align + " is not " + Format.ARENA_ALIGNMENT);
            }
            if (elems > Integer.MAX_VALUE - 64) {
                throw c.error("arena of " + elems + " elements exceeds the largest Java array");
            }
            seen[kind] = true;
            sizes[kind] = elems;
        }
        c.expectEnd();
        return sizes;
    }

    private List<ModelFile.TensorRecord> tensors(Cursor c, long[] arenas) throws ModelFormatException {
        int n = c.u32("tensor count", c.remaining() / Format.TENSOR_RECORD_SIZE);
        List<ModelFile.TensorRecord> out = new ArrayList<>(n);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int start = c.position();
            String name = string(c, "tensor " + i + " name");
            String what = "tensor " + i + " '" + name + "'";
            if (!names.add(name)) {
                throw c.error(what + " is defined twice");
            }
            DType dtype = DType.fromCode(c.u8());
            if (dtype == null) {
                throw c.error(what + " has an unknown element type");
            }
            int storage = c.u8();
            int rank = c.u8();
            c.u8();
            int quantRef = c.i32();
            c.i32();
            long offset = c.u63(what + " offset");
            long byteLength = c.u63(what + " byte length");
            if (rank > Format.MAX_RANK) {
                throw c.error(what + " has rank " + rank + ", above " + Format.MAX_RANK);
            }
            int[] shape = new int[rank];
            long count = 1;
            for (int d = 0; d < Format.MAX_RANK; d++) {
                int dim = c.i32();
                if (d < rank) {
                    if (dim < 0) {
                        throw c.error(what + " has a negative dimension " + dim);
                    }
                    shape[d] = dim;
                    count *= dim;
                    if (count > Integer.MAX_VALUE - 64) {
                        throw c.error(what + " of shape " + Arrays.toString(Arrays.copyOf(shape, d + 1))
                                + " has more elements than a Java array holds");
                    }
                } else if (dim != 0) {
                    throw c.error(what + " has a non-zero dimension beyond its rank");
                }
            }
            if (byteLength != count * dtype.byteSize()) {
                throw c.error(what + " declares " + byteLength + " bytes, its type " + dtype.text()
                        + Arrays.toString(shape) + " needs " + count * dtype.byteSize());
            }
            if (storage == Format.STORAGE_CONSTANT) {
                if (offset % Format.BLOB_ALIGNMENT != 0 || offset < blobStart || offset > blobEnd
                        || byteLength > blobEnd - offset) {
                    throw c.error(what + " data at " + offset + "+" + byteLength
                            + " is misaligned or outside the constant blobs");
                }
            } else if (storage == Format.STORAGE_ARENA) {
                long size = arenas[Format.arenaKindOf(dtype)];
                if (offset % Format.ARENA_ALIGNMENT != 0 || offset > size || count > size - offset) {
                    throw c.error(what + " at arena offset " + offset + " with " + count
                            + " elements is misaligned or outside its arena of " + size);
                }
            } else {
                throw c.error(what + " has unknown storage kind " + storage);
            }
            ModelFile.QuantRecord q = quantRef == Format.NO_QUANT ? null : quant(quantRef, what, shape);
            out.add(new ModelFile.TensorRecord(i, name, dtype, storage, shape, (int) count, offset, q));
            c.skip(Format.TENSOR_RECORD_SIZE - (c.position() - start));
        }
        c.expectEnd();
        return out;
    }

    private ModelFile.QuantRecord quant(int ref, String what, int[] shape) throws ModelFormatException {
        Cursor c = new Cursor(buf, source, "quantization section", quantStart, quant.limit() - quantStart);
        if (ref < 0 || ref % 4 != 0 || ref > c.remaining()) {
            throw c.error(what + " refers to quantization entry at " + (ref & 0xffffffffL) + ", out of range");
        }
        c.skip(ref);
        int axis = c.i32();
        int n = c.u32("scale count", c.remaining() / 8);
        if (axis < -1 || axis >= shape.length || n == 0 || (axis == -1 ? n != 1 : n != shape[axis])) {
            throw c.error(what + " has " + n + " quantization scales for axis " + axis + " of shape "
                    + Arrays.toString(shape));
        }
        float[] scales = new float[n];
        int[] zps = new int[n];
        for (int i = 0; i < n; i++) {
            scales[i] = c.f32();
            if (!(scales[i] > 0) || Float.isInfinite(scales[i])) {
                throw c.error(what + " has quantization scale " + scales[i] + ", not a positive finite number");
            }
        }
        for (int i = 0; i < n; i++) {
            zps[i] = c.i32();
        }
        return new ModelFile.QuantRecord(axis, scales, zps);
    }

    private List<ModelFile.OpRecord> ops(Cursor c, int tensorCount, int minor) throws ModelFormatException {
        int n = c.u32("op count", c.remaining() / 16);
        List<ModelFile.OpRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int code = c.u16();
            c.u16();
            int nin = c.u16();
            int nout = c.u16();
            String name = string(c, "op " + i + " name");
            int nparams = c.u32("op " + i + " parameter count", c.remaining() / 4);
            OpCode op = OpCode.fromCode(code);
            if (op == null) {
                throw c.error("op " + i + " '" + name + "' has opcode " + code + ", unknown to this runtime"
                        + " (it reads format " + Format.MAJOR_VERSION + "." + Format.MINOR_VERSION + "): upgrade mnc");
            }
            String what = "op " + i + " '" + name + "' (" + op.text() + ")";
            if (op.minorVersion() > minor) {
                // A writer stamps the lowest version its opcodes need; an older stamp means damage.
                throw c.error(what + " has opcode " + code + ", introduced in format 1." + op.minorVersion()
                        + ", but the file says it is format 1." + minor);
            }
            if ((long) (nin + nout + nparams) * 4 > c.remaining()) {
                throw c.error(what + " is truncated");
            }
            int[] ins = new int[nin];
            for (int k = 0; k < nin; k++) {
                ins[k] = c.i32();
                if (ins[k] < Format.NO_TENSOR || ins[k] >= tensorCount) {
                    throw c.error(what + " input " + k + " refers to tensor " + ins[k] + " of " + tensorCount);
                }
            }
            int[] outs = new int[nout];
            for (int k = 0; k < nout; k++) {
                outs[k] = c.i32();
                if (outs[k] < 0 || outs[k] >= tensorCount) {
                    throw c.error(what + " output " + k + " refers to tensor " + outs[k] + " of " + tensorCount);
                }
            }
            int[] params = new int[nparams];
            for (int k = 0; k < nparams; k++) {
                params[k] = c.i32();
            }
            out.add(new ModelFile.OpRecord(i, op, name, ins, outs, params));
        }
        c.expectEnd();
        return out;
    }

    private int[] indexList(Cursor c, String what, int tensorCount) throws ModelFormatException {
        int n = c.u32(what + " count", c.remaining() / 4);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = c.i32();
            if (out[i] < 0 || out[i] >= tensorCount) {
                throw c.error(what + " " + i + " refers to tensor " + out[i] + " of " + tensorCount);
            }
        }
        return out;
    }

    private Map<String, String> metadata(Cursor c) throws ModelFormatException {
        int n = c.u32("metadata count", c.remaining() / 8);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = string(c, "metadata key " + i);
            String v = string(c, "metadata value " + i);
            if (out.put(k, v) != null) {
                throw c.error("metadata key '" + k + "' appears twice");
            }
        }
        c.expectEnd();
        return out;
    }
}
