package dev.mnc.prune;

import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The graph's MACs (as {@link GraphCost} counts them) as a function of how many channels each
 * tensor keeps, so that a planner can price a candidate pruning without building it. Each layer
 * costs base * in * out: a group-1 conv N*H_out*W_out*kh*kw * C_in * C_out, a depthwise conv
 * N*H_out*W_out*kh*kw * C_out, a transposed conv N*H_in*W_in*kh*kw * C_in * C_out, a dense layer or
 * matmul rows * K * N; layers whose channels cannot change (grouped convs) cost a constant.
 */
final class MacModel {
    /** base * count(in) * count(out); an index of -1 stands for a fixed count. */
    private record Term(long base, int in, long fixedIn, int out, long fixedOut) {}

    private final ChannelSpace space;
    private final List<Term> terms = new ArrayList<>();
    private long constant;

    MacModel(DependencyGraph deps) {
        this.space = deps.space();
        List<Value> values = space.values();
        for (Node n : deps.graph().nodes()) {
            long macs = GraphCost.macs(n);
            if (macs == 0) {
                continue;
            }
            Op op = n.op();
            Value x = n.input(0);
            Value y = n.output();
            long cin = space.has(x) ? space.channels(x) : 0;
            long cout = space.has(y) ? space.channels(y) : 0;
            boolean tracked = space.has(x) && space.has(y);
            if (tracked && op instanceof Conv2d c && c.group() == 1
                    || tracked && op instanceof ConvTranspose2d t && t.group() == 1
                    || tracked && op instanceof FullyConnected
                    || tracked && op instanceof MatMul && x.type().rank() == 2 && n.input(1).isConstant()) {
                terms.add(new Term(macs / (cin * cout), values.indexOf(x), 0, values.indexOf(y), 0));
            } else if (tracked && op instanceof Conv2d c && c.group() == cin && c.group() > 1) {
                terms.add(new Term(macs / cout, -1, 1, values.indexOf(y), 0));
            } else {
                constant += macs;
            }
        }
    }

    /** Channels of every tensor of the {@link ChannelSpace}, nothing pruned. */
    int[] fullCounts() {
        int[] counts = new int[space.values().size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = space.channels(space.values().get(i));
        }
        return counts;
    }

    /** MACs when tensor i of the space keeps {@code counts[i]} channels. */
    long macs(int[] counts) {
        long total = constant;
        for (Term t : terms) {
            long in = t.in() < 0 ? t.fixedIn() : counts[t.in()];
            long out = t.out() < 0 ? t.fixedOut() : counts[t.out()];
            total += t.base() * in * out;
        }
        return total;
    }
}
