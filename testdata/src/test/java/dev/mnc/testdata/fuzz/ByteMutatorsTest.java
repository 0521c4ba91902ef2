package dev.mnc.testdata.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each byte-level mutator changes its copy, never the seed, and repeats itself given the same generator. */
class ByteMutatorsTest {
    private static final Seed SEED = new Seed("a.bin", "0123456789abcdefghijklmnopqrstuvwxyz".repeat(200).getBytes());
    private static final Seed OTHER = new Seed("b.bin", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    @Test
    void mutatorsDamageACopyDeterministically() {
        byte[] original = SEED.bytes().clone();
        for (Mutator m : ByteMutators.all()) {
            int changed = 0;
            for (int i = 0; i < 50; i++) {
                Mutation a = m.mutate(SEED, List.of(SEED, OTHER), new SplittableRandom(i)).orElseThrow();
                Mutation b = m.mutate(SEED, List.of(SEED, OTHER), new SplittableRandom(i)).orElseThrow();
                assertThat(b.bytes()).as(m.name()).isEqualTo(a.bytes());
                assertThat(b.detail()).isEqualTo(a.detail());
                changed += Arrays.equals(a.bytes(), original) ? 0 : 1;
            }
            assertThat(changed).as(m.name()).isGreaterThan(40);
        }
        assertThat(SEED.bytes()).isEqualTo(original);
    }

    @Test
    void truncationOnAGridCutsAtMultiplesOfTheStride() {
        Mutator m = ByteMutators.truncateEvery(64);
        for (int i = 0; i < 100; i++) {
            int n = m.mutate(SEED, List.of(SEED), new SplittableRandom(i)).orElseThrow().bytes().length;
            assertThat(n % 64).isZero();
            assertThat(n).isLessThan(SEED.bytes().length);
        }
    }

    @Test
    void overwriteUsesTheExtremeBytes() {
        boolean[] seen = new boolean[256];
        for (int i = 0; i < 400; i++) {
            Mutation x = ByteMutators.overwrite().mutate(SEED, List.of(SEED), new SplittableRandom(i)).orElseThrow();
            for (int k = 0; k < x.bytes().length; k++) {
                if (x.bytes()[k] != SEED.bytes()[k]) {
                    seen[x.bytes()[k] & 0xff] = true;
                }
            }
        }
        assertThat(new boolean[] {seen[0x00], seen[0xFF], seen[0x7F], seen[0x80]}).containsOnly(true);
    }

    @Test
    void splicingJoinsTwoSeeds() {
        Mutation x = ByteMutators.splice().mutate(OTHER, List.of(SEED), new SplittableRandom(3)).orElseThrow();
        assertThat(x.detail()).contains("of a.bin");
    }
}
