package dev.mnc.prune;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Which positions of a feature map feed statistics and fits: all of them, or a seeded random subset. */
final class Sampling {
    private Sampling() {}

    /** Up to {@code limit} distinct positions of [0, count), ascending; all of them when count <= limit. */
    static int[] positions(int count, int limit, SplittableRandom rng) {
        int[] all = IntStream.range(0, count).toArray();
        if (count <= limit) {
            return all;
        }
        for (int i = 0; i < limit; i++) {
            int j = i + rng.nextInt(count - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, limit);
        Arrays.sort(out);
        return out;
    }
}
