package dev.mnc.testdata.fuzz;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Rewrites one field of a binary file, found by a format walker that lists a seed's fields (parsed
 * once per seed), with a value chosen for the field's {@link Field.Kind}. An optional fix-up runs
 * after the write, e.g. recomputing a checksum so that the damage reaches the structural checks.
 */
final class FieldMutator implements Mutator {
    private static final float[] ODD_FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        -1f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, 1e30f};

    private final String name;
    private final Function<byte[], List<Field>> walker;
    private final UnaryOperator<byte[]> fixup;
    private final SeedCache<List<Field>> fields = new SeedCache<>();

    /**
     * @param walker lists the fields of a seed (each inside it), or returns an empty list for a seed of another format
     * @param fixup applied to the mutated bytes (identity for none)
     */
    FieldMutator(String name, Function<byte[], List<Field>> walker, UnaryOperator<byte[]> fixup) {
        this.name = name;
        this.walker = walker;
        this.fixup = fixup;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Mutation> mutate(Seed seed, List<Seed> corpus, SplittableRandom r) {
        List<Field> fs = fields.get(seed, s -> List.copyOf(walker.apply(s.bytes())));
        if (fs.isEmpty()) {
            return Optional.empty();
        }
        Field f = Picks.one(fs, r);
        byte[] b = seed.bytes();
        long current = Picks.readLittleEndian(b, f.offset(), f.width());
        long v = r.nextInt(4) == 0 ? Picks.edgeValue(current, f.width(), r) : value(f, current, b.length, r);
        byte[] out = fixup.apply(Picks.writeLittleEndian(b, f.offset(), f.width(), v));
        long written = Picks.readLittleEndian(out, f.offset(), f.width());
        String shown = f.kind() == Field.Kind.FLOAT ? Float.intBitsToFloat((int) written) + " (was "
                + Float.intBitsToFloat((int) current) + ")" : written + " (was " + current + ")";
        return Optional.of(new Mutation(f.what() + " at byte " + f.offset() + " := " + shown, out));
    }

    private static long value(Field f, long current, int fileLength, SplittableRandom r) {
        return switch (f.kind()) {
            case OFFSET -> Picks.one(new long[] {current + 4, current - 4, current + 8, current - 8, current + 1,
                fileLength, fileLength - 4L, r.nextInt(fileLength), 0, 0x7FFFFFFFL, 0x80000000L}, r);
            case LENGTH -> Picks.one(new long[] {0, current + 1, current - 1, current * 2, 0x7FFFFFFFL, 0xFFFFFFFFL,
                0x40000000L, fileLength}, r);
            case INDEX -> Picks.one(new long[] {-1, -2, current + 1, current - 1, 0, 1000, 0x7FFFFFFFL, 0x80000000L}, r);
            case DIM -> Picks.one(new long[] {0, -1, 1, current * 2, current + 1, 1 << 16, 1 << 20, 0x7FFFFFFFL,
                0x80000000L}, r);
            case CODE -> Picks.one(new long[] {0, current + 1, current - 1, r.nextInt(256), 127, 128, 255, 0xFFFF, -1}, r);
            case FLOAT -> Float.floatToRawIntBits(ODD_FLOATS[r.nextInt(ODD_FLOATS.length)]);
            case PARAM -> r.nextBoolean() ? -1 + r.nextInt(10)
                    : Picks.one(new long[] {0x7FFFFFFFL, 0x80000000L, Float.floatToRawIntBits(Float.NaN),
                        Float.floatToRawIntBits(Float.POSITIVE_INFINITY), Float.floatToRawIntBits(-1f), current + 1,
                        current - 1, 1 << 20}, r);
        };
    }
}
