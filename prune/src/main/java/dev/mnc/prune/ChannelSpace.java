package dev.mnc.prune;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every channel of every activation in a graph as one element of a union-find, so that coupled
 * channels end up in one set. A channel is an index along axis 1 of a non-constant value of rank
 * 2 or more (C of an NCHW image, the features of an [N, F] matrix); a flattened [N, C*H*W]
 * tensor therefore has C*H*W elements. Coupling rules ({@link Couplings}) join elements that must
 * be removed together, and pin the ones that must stay (graph inputs and outputs, ops that mix
 * channels). A pin marks the whole set, with the first reason given.
 *
 * <p>Element ids follow the graph's canonical order (inputs, then node outputs in topological
 * order, channels in order), so the sets, and everything built from them, are deterministic.
 */
final class ChannelSpace {
    private final Map<Value, Integer> base = new IdentityHashMap<>();
    private final List<Value> values = new ArrayList<>();
    private final int[] starts;
    private final int[] parent;
    private final String[] pinned;

    ChannelSpace(Graph g) {
        List<Value> order = new ArrayList<>(g.inputs());
        for (Node n : g.nodes()) {
            order.addAll(n.outputs());
        }
        List<Integer> st = new ArrayList<>();
        int next = 0;
        for (Value v : order) {
            if (!v.isConstant() && v.type().rank() >= 2 && v.shape().isStatic()) {
                base.put(v, next);
                values.add(v);
                st.add(next);
                next += v.shape().intSize(1);
            }
        }
        starts = st.stream().mapToInt(Integer::intValue).toArray();
        parent = new int[next];
        for (int i = 0; i < next; i++) {
            parent[i] = i;
        }
        pinned = new String[next];
    }

    /** Number of elements. */
    int size() {
        return parent.length;
    }

    /** True when {@code v} has channel elements. */
    boolean has(Value v) {
        return base.containsKey(v);
    }

    /** Channels of {@code v} (its axis 1), or 0 when it has none. */
    int channels(Value v) {
        return has(v) ? v.shape().intSize(1) : 0;
    }

    int element(Value v, int channel) {
        return base.get(v) + channel;
    }

    /** The values with elements, in element order. */
    List<Value> values() {
        return values;
    }

    /** Position of {@code e}'s value in {@link #values()}. */
    int valueIndex(int e) {
        int i = Arrays.binarySearch(starts, e);
        return i >= 0 ? i : -i - 2;
    }

    Value valueOf(int e) {
        return values.get(valueIndex(e));
    }

    /** The channel of its value that element {@code e} stands for. */
    int channelOf(int e) {
        return e - starts[valueIndex(e)];
    }

    int find(int e) {
        int r = e;
        while (parent[r] != r) {
            r = parent[r];
        }
        while (parent[e] != r) {
            int next = parent[e];
            parent[e] = r;
            e = next;
        }
        return r;
    }

    void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return;
        }
        int root = Math.min(ra, rb);
        int child = Math.max(ra, rb);
        parent[child] = root;
        if (pinned[root] == null) {
            pinned[root] = pinned[child];
        }
    }

    /** Joins channel i of {@code a} with channel i of {@code b}; values of different widths are pinned instead. */
    void sameChannels(Value a, Value b, Node where) {
        if (!has(a) || !has(b)) {
            pin(a, where.describe() + " maps channels of tensors without a channel axis");
            pin(b, where.describe() + " maps channels of tensors without a channel axis");
            return;
        }
        int c = channels(a);
        if (c != channels(b)) {
            pin(a, where.describe() + " joins " + c + " channels with " + channels(b));
            pin(b, where.describe() + " joins " + c + " channels with " + channels(a));
            return;
        }
        for (int i = 0; i < c; i++) {
            union(element(a, i), element(b, i));
        }
    }

    /** Pins every channel of {@code v} (nothing happens for values without channels). */
    void pin(Value v, String reason) {
        if (!has(v)) {
            return;
        }
        for (int i = 0; i < channels(v); i++) {
            int r = find(element(v, i));
            if (pinned[r] == null) {
                pinned[r] = reason;
            }
        }
    }

    /** Why the set of {@code e} must stay, or null when it may be removed. */
    String pinReason(int e) {
        return pinned[find(e)];
    }
}
