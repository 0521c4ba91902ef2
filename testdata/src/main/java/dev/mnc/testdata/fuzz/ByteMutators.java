package dev.mnc.testdata.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Mutators that know nothing of the format: they cut, flip, overwrite, repeat, remove and splice
 * bytes. They model a file damaged in transit or on disk and find the checks a reader forgot; the
 * structure-aware mutators reach deeper, past the checks that byte damage trips first.
 */
public final class ByteMutators {
    private ByteMutators() {}

    /** Every byte-level mutator, with truncation on a 64-byte grid. */
    public static List<Mutator> all() {
        return List.of(truncate(), truncateEvery(64), flipBits(), overwrite(), duplicateRange(), deleteRange(), splice());
    }

    /** Keeps a random prefix (possibly empty) of the file. */
    public static Mutator truncate() {
        return simple("truncate", (b, r) -> {
            int n = r.nextInt(b.length);
            return new Mutation("truncated to " + n + " of " + b.length + " bytes", Arrays.copyOf(b, n));
        });
    }

    /** Keeps a prefix whose length is a multiple of {@code stride}: over many cases, every N-th cut. */
    public static Mutator truncateEvery(int stride) {
        if (stride <= 0) {
            throw new IllegalArgumentException("stride " + stride);
        }
        return simple("truncate-every-" + stride, (b, r) -> {
            int n = stride * r.nextInt((b.length - 1) / stride + 1);
            return new Mutation("truncated to " + n + " of " + b.length + " bytes", Arrays.copyOf(b, n));
        });
    }

    /** Flips one to eight random bits. */
    public static Mutator flipBits() {
        return simple("flip-bits", (b, r) -> {
            byte[] out = b.clone();
            int flips = 1 + r.nextInt(8);
            StringBuilder d = new StringBuilder("flipped bit");
            for (int i = 0; i < flips; i++) {
                int at = Picks.position(out.length, r);
                int bit = r.nextInt(8);
                out[at] ^= (byte) (1 << bit);
                d.append(i == 0 ? " " : ", ").append(at).append('.').append(bit);
            }
            return new Mutation(d.toString(), out);
        });
    }

    /** Overwrites a short range with random bytes or with one of 0x00, 0xFF, 0x7F, 0x80. */
    public static Mutator overwrite() {
        return simple("overwrite", (b, r) -> {
            byte[] out = b.clone();
            int at = Picks.position(out.length, r);
            int n = Picks.rangeLength(out.length - at, r);
            String what;
            if (r.nextInt(5) == 0) {
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) r.nextInt(256);
                }
                what = "random bytes";
            } else {
                byte fill = Picks.FILL_BYTES[r.nextInt(Picks.FILL_BYTES.length)];
                Arrays.fill(out, at, at + n, fill);
                what = String.format("0x%02x", fill & 0xff);
            }
            return new Mutation("bytes " + at + ".." + (at + n) + " := " + what, out);
        });
    }

    /** Inserts a copy of one range at another position. */
    public static Mutator duplicateRange() {
        return simple("duplicate-range", (b, r) -> {
            int from = Picks.position(b.length, r);
            int n = Picks.rangeLength(b.length - from, r);
            int to = r.nextInt(b.length + 1);
            byte[] out = new byte[b.length + n];
            System.arraycopy(b, 0, out, 0, to);
            System.arraycopy(b, from, out, to, n);
            System.arraycopy(b, to, out, to + n, b.length - to);
            return new Mutation("copied bytes " + from + ".." + (from + n) + " to " + to, out);
        });
    }

    /** Removes a range. */
    public static Mutator deleteRange() {
        return simple("delete-range", (b, r) -> {
            int at = Picks.position(b.length, r);
            int n = Picks.rangeLength(b.length - at, r);
            byte[] out = new byte[b.length - n];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, at + n, out, at, b.length - at - n);
            return new Mutation("deleted bytes " + at + ".." + (at + n), out);
        });
    }

    /** A prefix of this seed followed by a suffix of another (or the same) seed. */
    public static Mutator splice() {
        return new Mutator() {
            @Override
            public String name() {
                return "splice";
            }

            @Override
            public Optional<Mutation> mutate(Seed seed, List<Seed> corpus, SplittableRandom r) {
                Seed other = Picks.one(corpus, r);
                byte[] a = seed.bytes();
                byte[] b = other.bytes();
                int cut = Picks.position(a.length, r);
                int from = Picks.position(b.length, r);
                byte[] out = new byte[cut + b.length - from];
                System.arraycopy(a, 0, out, 0, cut);
                System.arraycopy(b, from, out, cut, b.length - from);
                return Optional.of(new Mutation("bytes 0.." + cut + " + bytes " + from + ".." + b.length + " of "
                        + other.name(), out));
            }
        };
    }

    private static Mutator simple(String name, BiFunction<byte[], SplittableRandom, Mutation> f) {
        return new Mutator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Mutation> mutate(Seed seed, List<Seed> corpus, SplittableRandom r) {
                return Optional.of(f.apply(seed.bytes(), r));
            }
        };
    }
}
