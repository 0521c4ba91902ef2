package dev.mnc.testdata.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Structure-aware mutation of {@code .mnc} files. The format carries its length and a CRC-32C of
 * everything after the checksum field, so nearly any damage is caught there; {@link #resealed}
 * wraps other mutators to rewrite both (most of the time) so that the damage reaches the
 * structural and semantic checks behind them, and {@link #fields()} rewrites single fields of the
 * header, section directory, tensor table, quantization entries, op list, memory plan, I/O lists
 * and metadata with values chosen for what each field means (lengths, counts, offsets, dtype codes,
 * opcodes, op parameters).
 */
public final class MncMutators {
    private static final int SIZE_OFFSET = 16;
    private static final int CRC_OFFSET = 12;
    private static final int CRC_START = 16;
    private static final int HEADER = 64;
    /** One case in ten keeps the stale length and checksum, to keep testing those checks too. */
    private static final int KEEP_SEAL_ONE_IN = 10;

    private MncMutators() {}

    /** The fields {@link #fields()} chooses from in an {@code .mnc} file (none if it is not one). */
    public static List<Field> fieldsOf(byte[] file) {
        return MncLayout.fields(file);
    }

    /** Rewrites one field (see the class comment), then recomputes the checksum. */
    public static Mutator fields() {
        return new FieldMutator("mnc-field", MncLayout::fields, MncMutators::resealChecksum);
    }

    /** Each mutator, renamed {@code <name>+reseal}, followed by {@link #reseal} in nine cases of ten. */
    public static List<Mutator> resealed(List<Mutator> mutators) {
        List<Mutator> out = new ArrayList<>();
        for (Mutator m : mutators) {
            out.add(new Mutator() {
                @Override
                public String name() {
                    return m.name() + "+reseal";
                }

                @Override
                public Optional<Mutation> mutate(Seed seed, List<Seed> corpus, SplittableRandom r) {
                    boolean keep = r.nextInt(KEEP_SEAL_ONE_IN) == 0;
                    return m.mutate(seed, corpus, r).map(x -> keep ? x
                            : new Mutation(x.detail() + ", resealed", reseal(x.bytes())));
                }
            });
        }
        return out;
    }

    /**
     * Makes a damaged file's header agree with it again: the file-size field becomes its length and
     * the CRC-32C is recomputed (each only where the file still holds the field).
     */
    public static byte[] reseal(byte[] damaged) {
        byte[] b = damaged.clone();
        if (b.length >= SIZE_OFFSET + 8) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(SIZE_OFFSET, b.length);
        }
        return resealChecksum(b);
    }

    /** Recomputes the CRC-32C of bytes [16, end) into the header, if the file still has one. */
    static byte[] resealChecksum(byte[] b) {
        if (b.length >= HEADER) {
            CRC32C crc = new CRC32C();
            crc.update(b, CRC_START, b.length - CRC_START);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(CRC_OFFSET, (int) crc.getValue());
        }
        return b;
    }
}
