package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import java.util.List;

/**
 * Verifies a file's memory plan against its op order: each arena tensor is live from the op that
 * writes it (model inputs: from the start) to the last op that reads it (model outputs: to the
 * end); a reshape or identity whose output sits exactly on its input shares the input's storage and
 * extends its lifetime. No two storages that are live at the same op may overlap in the same arena,
 * which also guarantees that no op writes over its own inputs. No arena may be larger than its
 * tensors need (aligned), so a damaged size cannot make sessions allocate gigabytes. A corrupted
 * plan is refused at load instead of computing garbage.
 */
final class PlanCheck {
    private PlanCheck() {}

    static void verify(String src, long[] arenas, List<Slot> slots, List<Operator> ops, Slot[] inputs,
            Slot[] outputs) throws ModelFormatException {
        int n = slots.size();
        long[] extent = new long[arenas.length];
        for (Slot s : slots) {
            if (s.constant == null) {
                int k = Format.arenaKindOf(s.dtype);
                extent[k] = Math.max(extent[k], (long) s.offset + s.count);
            }
        }
        for (int k = 1; k < arenas.length; k++) {
            long need = (extent[k] + Format.ARENA_ALIGNMENT - 1) / Format.ARENA_ALIGNMENT * Format.ARENA_ALIGNMENT;
            if (arenas[k] > need) {
                throw new ModelFormatException(src, "memory plan declares an arena of " + arenas[k]
                        + " elements where its tensors need " + need);
            }
        }
        int[] root = new int[n];
        int[] first = new int[n];
        int[] last = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = i;
            first[i] = Integer.MAX_VALUE;
            last[i] = Integer.MIN_VALUE;
        }
        for (Slot s : inputs) {
            first[s.index] = -1;
            last[s.index] = -1;
        }
        for (int k = 0; k < ops.size(); k++) {
            Operator op = ops.get(k);
            for (Slot s : op.outputs) {
                first[s.index] = k;
                last[s.index] = Math.max(last[s.index], k);
            }
            for (Slot s : op.inputs) {
                if (s != null && s.constant == null) {
                    last[s.index] = Math.max(last[s.index], k);
                }
            }
            if (op.isAlias()) {
                root[op.outputs[0].index] = find(root, op.inputs[0].index);
            }
        }
        for (Slot s : outputs) {
            if (s.constant == null) {
                last[s.index] = ops.size();
            }
        }
        // Fold alias lifetimes into their roots.
        for (int i = 0; i < n; i++) {
            int r = find(root, i);
            if (r != i && first[i] != Integer.MAX_VALUE) {
                first[r] = Math.min(first[r], first[i]);
                last[r] = Math.max(last[r], last[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            Slot a = slots.get(i);
            if (a.constant != null || find(root, i) != i || first[i] == Integer.MAX_VALUE || a.count == 0) {
                continue;
            }
            int kindA = Format.arenaKindOf(a.dtype);
            for (int j = i + 1; j < n; j++) {
                Slot b = slots.get(j);
                if (b.constant != null || find(root, j) != j || first[j] == Integer.MAX_VALUE || b.count == 0
                        || Format.arenaKindOf(b.dtype) != kindA) {
                    continue;
                }
                boolean liveTogether = first[i] <= last[j] && first[j] <= last[i];
                boolean overlap = a.offset < (long) b.offset + b.count && b.offset < (long) a.offset + a.count;
                if (liveTogether && overlap) {
                    throw new ModelFormatException(src, "memory plan puts '" + a.name + "' and '" + b.name
                            + "' in the same arena space while both are live");
                }
            }
        }
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            i = root[i];
        }
        return i;
    }
}
