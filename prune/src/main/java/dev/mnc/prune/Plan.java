package dev.mnc.prune;

import dev.mnc.ir.Value;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which channels of each group go: for group g, {@code removed[g][j]} is true when its channel j
 * is removed. Knows, through the {@link DependencyGraph}, what that means for every tensor: the
 * channels each keeps and how many.
 */
final class Plan {
    private final DependencyGraph deps;
    private final boolean[][] removed;

    /** Nothing removed yet. */
    Plan(DependencyGraph deps) {
        this.deps = deps;
        List<DependencyGraph.Group> groups = deps.internalGroups();
        this.removed = new boolean[groups.size()][];
        for (DependencyGraph.Group g : groups) {
            removed[g.id()] = new boolean[g.size()];
        }
    }

    DependencyGraph deps() {
        return deps;
    }

    void remove(int group, int channel) {
        removed[group][channel] = true;
    }

    boolean isRemoved(int group, int channel) {
        return removed[group][channel];
    }

    /** Channels group {@code g} keeps. */
    int kept(int group) {
        int k = 0;
        for (boolean r : removed[group]) {
            k += r ? 0 : 1;
        }
        return k;
    }

    /** True when some channel of some group is removed. */
    boolean removesAnything() {
        for (boolean[] g : removed) {
            for (boolean r : g) {
                if (r) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The channels each tensor keeps, in ascending order, for the tensors that lose some; a
     * tensor missing from the map keeps them all.
     */
    Map<Value, int[]> keptChannels() {
        ChannelSpace s = deps.space();
        Map<Value, boolean[]> gone = new HashMap<>();
        for (DependencyGraph.Group g : deps.internalGroups()) {
            for (int j = 0; j < g.size(); j++) {
                if (!removed[g.id()][j]) {
                    continue;
                }
                for (int e : g.channels().get(j)) {
                    Value v = s.valueOf(e);
                    gone.computeIfAbsent(v, k -> new boolean[s.channels(k)])[s.channelOf(e)] = true;
                }
            }
        }
        Map<Value, int[]> out = new HashMap<>();
        for (Map.Entry<Value, boolean[]> e : gone.entrySet()) {
            boolean[] r = e.getValue();
            int[] keep = new int[r.length];
            int k = 0;
            for (int i = 0; i < r.length; i++) {
                if (!r[i]) {
                    keep[k++] = i;
                }
            }
            out.put(e.getKey(), Arrays.copyOf(keep, k));
        }
        return out;
    }
}
