package dev.mnc.backend.nativeformat;

import dev.mnc.ir.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static memory plan: where each computed tensor lives in its arena (one arena per element kind),
 * found by liveness over the op order and greedy best-fit placement, largest tensors first.
 *
 * <p>A tensor is live from the op that writes it (model inputs: from before the first op) through
 * the last op that reads it (model outputs: to after the last op). A reshape or identity of an
 * arena tensor is an alias: it shares its input's storage, and the pair is placed as one buffer
 * live over the union of their lifetimes. Buffers are placed in decreasing size; each takes the
 * smallest gap, among the buffers already placed whose lifetimes intersect its own, that fits it
 * (offsets aligned to {@code align} elements), else the end. The arena is the highest end.
 */
final class MemoryPlan {

    /** A value to place: its element count, arena kind, and lifetime in op indices. */
    static final class Item {
        final Value value;
        final int kind;
        final long size;
        int first;
        int last;
        Item aliasOf;
        long offset = -1;

        Item(Value value, int kind, long size, int first, int last) {
            this.value = value;
            this.kind = kind;
            this.size = size;
            this.first = first;
            this.last = last;
        }

        Item root() {
            Item r = this;
            while (r.aliasOf != null) {
                r = r.aliasOf;
            }
            return r;
        }
    }

    private final Map<Value, Item> items = new IdentityHashMap<>();
    private final List<Item> order = new ArrayList<>();
    private final long align;

    MemoryPlan(long align) {
        this.align = align;
    }

    /** Registers a value written at op {@code first} (-1 for model inputs). */
    void add(Value v, int kind, long size, int first) {
        Item it = new Item(v, kind, size, first, first);
        items.put(v, it);
        order.add(it);
    }

    boolean contains(Value v) {
        return items.containsKey(v);
    }

    /** Records a read of {@code v} by op {@code at} (or at the end, for model outputs). */
    void use(Value v, int at) {
        Item it = items.get(v);
        if (it != null) {
            it.last = Math.max(it.last, at);
        }
    }

    /** Makes {@code alias} share the storage of {@code source}. */
    void alias(Value alias, Value source) {
        items.get(alias).aliasOf = items.get(source);
    }

    /** Places every buffer; returns the arena sizes in elements, indexed by kind. */
    long[] place(int kinds) {
        for (Item it : order) {
            if (it.aliasOf != null) {
                Item r = it.root();
                r.first = Math.min(r.first, it.first);
                r.last = Math.max(r.last, it.last);
            }
        }
        List<Item> roots = new ArrayList<>();
        for (Item it : order) {
            if (it.aliasOf == null) {
                roots.add(it);
            }
        }
        roots.sort(Comparator.comparingLong((Item it) -> -it.size).thenComparingInt(it -> it.first));
        long[] arena = new long[kinds];
        List<Item> placed = new ArrayList<>();
        for (Item it : roots) {
            List<Item> conflicts = new ArrayList<>();
            for (Item p : placed) {
                if (p.kind == it.kind && p.first <= it.last && it.first <= p.last) {
                    conflicts.add(p);
                }
            }
            conflicts.sort(Comparator.comparingLong(p -> p.offset));
            long best = -1;
            long bestGap = Long.MAX_VALUE;
            long cursor = 0;
            for (Item p : conflicts) {
                long gap = p.offset - cursor;
                if (gap >= it.size && gap < bestGap) {
                    best = cursor;
                    bestGap = gap;
                }
                cursor = Math.max(cursor, alignUp(p.offset + p.size));
            }
            it.offset = best >= 0 ? best : cursor;
            arena[it.kind] = Math.max(arena[it.kind], alignUp(it.offset + it.size));
            placed.add(it);
        }
        for (Item it : order) {
            if (it.aliasOf != null) {
                it.offset = it.root().offset;
            }
        }
        return arena;
    }

    private long alignUp(long x) {
        return (x + align - 1) / align * align;
    }

    /** The planned element offset of {@code v}. */
    long offset(Value v) {
        return items.get(v).offset;
    }
}
