package dev.mnc.testdata.fuzz;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What structure-aware mutators parsed from a seed, kept for the most recently used seeds: a
 * campaign's seeds are parsed once, while the intermediate files of stacked mutations come and go
 * without piling up. Bounded by entries and by the bytes of the seeds held (what is parsed from a
 * file is about its size), so a campaign on a 14 MB model keeps a few of them, not hundreds.
 */
final class SeedCache<V> {
    private static final int MAX_ENTRIES = 16;
    private static final long MAX_SEED_BYTES = 64L << 20;

    private final Map<Seed, V> map = new LinkedHashMap<>(32, 0.75f, true);
    private long bytes;

    synchronized V get(Seed seed, Function<Seed, V> compute) {
        V v = map.get(seed);
        if (v == null) {
            v = compute.apply(seed);
            map.put(seed, v);
            bytes += seed.bytes().length;
            Iterator<Seed> eldest = map.keySet().iterator();
            while (map.size() > 1 && (map.size() > MAX_ENTRIES || bytes > MAX_SEED_BYTES)) {
                bytes -= eldest.next().bytes().length;
                eldest.remove();
            }
        }
        return v;
    }
}
