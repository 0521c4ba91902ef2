package dev.mnc.testdata.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structure-aware mutation of NumPy {@code .npy} files: rewrites one part of the header (the
 * {@code 'descr'}, {@code 'fortran_order'} or {@code 'shape'} entry of its Python dict literal, the
 * format version, or the header length field) with a value a broken or hostile writer would put
 * there, keeping the rest of the file, so that the damage reaches the reader's checks on element
 * types, shapes and sizes rather than its magic-number check.
 */
public final class NpyMutators {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'[^']*'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*\\w+");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\([^)]*\\)");
    private static final String[] DESCRS = {"<f4", ">f4", "<f8", "<f2", "<f99999999999", "<f0", "<f-4", "|V8", "<c8",
        "<U4", "|O", "<i8", ">i2", "|u1", "|b1", "<u8", "", "<", "f4", "<f", "<f4<f4"};
    private static final String[] SHAPES = {"()", "(0,)", "(-1,)", "(1, -3)", "(2147483648,)", "(9223372036854775807,)",
        "(99999999999999999999,)", "(65536, 65536)", "(1, 1, 1, 1, 1, 1, 1, 1, 1)", "(3,", "(1 2)", "(1L, 3L)",
        "(0x10,)", "(1.5,)", "(,)", "(1,,2)"};

    private NpyMutators() {}

    /** The header mutator (see the class comment). */
    public static Mutator header() {
        return new Mutator() {
            @Override
            public String name() {
                return "npy-header";
            }

            @Override
            public Optional<Mutation> mutate(Seed seed, List<Seed> corpus, SplittableRandom r) {
                byte[] b = seed.bytes();
                if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N') {
                    return Optional.empty();
                }
                int lengthBytes = b[6] == 1 ? 2 : 4;
                int start = 8 + lengthBytes;
                if (b.length < start) {
                    return Optional.empty();
                }
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                int headerLength = lengthBytes == 2 ? bb.getShort(8) & 0xffff : bb.getInt(8);
                if (start + headerLength > b.length || headerLength < 0) {
                    return Optional.empty();
                }
                String header = new String(b, start, headerLength, StandardCharsets.ISO_8859_1);
                byte[] data = java.util.Arrays.copyOfRange(b, start + headerLength, b.length);
                return Optional.of(switch (r.nextInt(5)) {
                    case 0 -> rewrite(b, start, header, data, DESCR, "'descr': '" + Picks.one(List.of(DESCRS), r) + "'");
                    case 1 -> rewrite(b, start, header, data, FORTRAN, "'fortran_order': "
                            + Picks.one(List.of("True", "1", "None", "Maybe"), r));
                    case 2, 3 -> rewrite(b, start, header, data, SHAPE, "'shape': " + Picks.one(List.of(SHAPES), r));
                    default -> {
                        byte[] out = b.clone();
                        if (r.nextBoolean()) {
                            out[6] = (byte) Picks.one(new long[] {0, 1, 2, 3, 4, 255}, r);
                            yield new Mutation("format version := " + (out[6] & 0xff), out);
                        }
                        long v = Picks.edgeValue(headerLength, lengthBytes, r);
                        yield new Mutation("header length := " + v, Picks.writeLittleEndian(b, 8, lengthBytes, v));
                    }
                });
            }
        };
    }

    /** The file with the first match of {@code entry} in the header replaced, the header length updated. */
    private static Mutation rewrite(byte[] b, int start, String header, byte[] data, Pattern entry, String replacement) {
        Matcher m = entry.matcher(header);
        String h = m.find() ? header.substring(0, m.start()) + replacement + header.substring(m.end())
                : header.replace("}", replacement + ", }");
        byte[] hb = h.getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = start - 8;
        ByteBuffer out = ByteBuffer.allocate(start + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(b, 0, 8);
        if (lengthBytes == 2) {
            out.putShort((short) hb.length);
        } else {
            out.putInt(hb.length);
        }
        out.put(hb).put(data);
        return new Mutation("header entry := " + replacement, out.array());
    }
}
