package dev.mnc.prune;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Op;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Multiply-accumulates and parameters of a static-shaped graph, the numbers pruning budgets and
 * reports use. MACs count the layers that dominate a MobileNet's arithmetic, as papers do:
 * <ul>
 * <li>conv2d: N * C_out * H_out * W_out * (C_in / group) * kh * kw</li>
 * <li>conv_transpose2d: N * C_in * H_in * W_in * (C_out / group) * kh * kw</li>
 * <li>fully_connected: N * O * K; matmul: (product of the output dims) * K</li>
 * </ul>
 * Elementwise ops, pooling and batch_norm count 0 (batch_norm folds into the conv before it).
 * Parameters are the elements of the constants the graph's nodes read, each constant counted
 * once (weights, biases, batch_norm statistics, per-channel scales), whatever the layout.
 */
public final class GraphCost {
    private GraphCost() {}

    /** The MACs of one node (0 for ops without a weight product). */
    public static long macs(Node n) {
        Op op = n.op();
        Shape y = n.output().shape();
        if (op instanceof Conv2d c) {
            Shape w = n.input(1).shape();
            int[] k = c.kernel(w);
            return y.numElements() * c.inputChannelsPerGroup(w) * k[0] * k[1];
        } else if (op instanceof ConvTranspose2d c) {
            Shape w = n.input(1).shape();
            int[] k = c.kernel(w);
            return n.input(0).shape().numElements() * (c.outputChannels(w) / c.group()) * k[0] * k[1];
        } else if (op instanceof FullyConnected) {
            return y.numElements() * n.input(0).shape().size(1);
        } else if (op instanceof MatMul) {
            Shape a = n.input(0).shape();
            return y.numElements() * a.size(a.rank() - 1);
        }
        return 0;
    }

    /** The elements of the constants {@code n} reads. */
    public static long params(Node n) {
        long p = 0;
        for (Value v : n.inputs()) {
            if (v.isConstant()) {
                p += v.shape().numElements();
            }
        }
        return p;
    }

    /** Total MACs of {@code g}. */
    public static long macs(Graph g) {
        long total = 0;
        for (Node n : g.nodes()) {
            total += macs(n);
        }
        return total;
    }

    /** Total parameters of {@code g}: every constant a node reads, once. */
    public static long params(Graph g) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long total = 0;
        for (Node n : g.nodes()) {
            for (Value v : n.inputs()) {
                if (v.isConstant() && seen.add(v)) {
                    total += v.shape().numElements();
                }
            }
        }
        return total;
    }
}
