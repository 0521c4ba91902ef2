package dev.mnc.testdata.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a structure-aware mutator parsed from a seed, kept for the few most recently used seeds:
 * a campaign's seeds are parsed once, while the intermediate files of stacked mutations come and go
 * without piling up.
 */
final class SeedCache<V> {
    private static final int CAPACITY = 16;

    private final Map<Seed, V> map = new LinkedHashMap<>(32, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Seed, V> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized V get(Seed seed, Function<Seed, V> compute) {
        V v = map.get(seed);
        if (v == null) {
            v = compute.apply(seed);
            map.put(seed, v);
        }
        return v;
    }
}
