package dev.mnc.prune;

import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The graph's MACs or parameters (as {@link GraphCost} counts them) as a function of how many
 * channels each tensor keeps, so that a planner can price a candidate pruning without building it.
 * Every term is base * in * out, with in and out the kept channels of up to two tensors (or fixed).
 * <ul>
 * <li>{@link #macs}: a group-1 conv costs N*H_out*W_out*kh*kw * C_in * C_out, a depthwise conv
 *     N*H_out*W_out*kh*kw * C_out, a transposed conv N*H_in*W_in*kh*kw * C_in * C_out, a dense
 *     layer or matmul rows * K * N; layers whose channels cannot change (grouped convs) a
 *     constant.</li>
 * <li>{@link #params}: each constant a node reads has its elements times, for each axis
 *     {@link ParamSlice} slices, the fraction of the slicing tensor's channels kept (a conv weight
 *     kh*kw * C_in * C_out, a bias or batch_norm vector C); a constant nothing slices counts once.
 *     {@link GraphSlicer} copies a constant that several nodes slice, so each slicing reader counts
 *     its own copy.</li>
 * </ul>
 */
final class CostModel {
    /** base * count(in) * count(out); an index of -1 stands for a count of 1. */
    private record Term(double base, int in, int out) {}

    private final ChannelSpace space;
    private final List<Term> terms = new ArrayList<>();
    private long constant;

    private CostModel(DependencyGraph deps) {
        this.space = deps.space();
    }

    /** MACs, the cost {@link Budget.PruneRatio} and {@link Budget.TargetMacs} limit. */
    static CostModel macs(DependencyGraph deps) {
        CostModel m = new CostModel(deps);
        ChannelSpace space = deps.space();
        for (Node n : deps.graph().nodes()) {
            long macs = GraphCost.macs(n);
            if (macs == 0) {
                continue;
            }
            Op op = n.op();
            Value x = n.input(0);
            Value y = n.output();
            boolean tracked = space.has(x) && space.has(y);
            long cin = tracked ? space.channels(x) : 0;
            long cout = tracked ? space.channels(y) : 0;
            if (tracked && op instanceof Conv2d c && c.group() == 1
                    || tracked && op instanceof ConvTranspose2d t && t.group() == 1
                    || tracked && op instanceof FullyConnected
                    || tracked && op instanceof MatMul && x.type().rank() == 2 && n.input(1).isConstant()) {
                m.terms.add(new Term((double) macs / (cin * cout), m.index(x), m.index(y)));
            } else if (tracked && op instanceof Conv2d c && c.group() == cin && c.group() > 1) {
                m.terms.add(new Term((double) macs / cout, -1, m.index(y)));
            } else {
                m.constant += macs;
            }
        }
        return m;
    }

    /** Parameters, the cost {@link Budget.TargetParams} limits. */
    static CostModel params(DependencyGraph deps) {
        CostModel m = new CostModel(deps);
        Set<Value> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : deps.graph().nodes()) {
            List<ParamSlice> slices = ParamSlice.of(n);
            for (int i = 0; i < n.numInputs(); i++) {
                Value v = n.input(i);
                if (!v.isConstant()) {
                    continue;
                }
                List<Value> by = new ArrayList<>();
                for (ParamSlice s : slices) {
                    if (s.input() == i && m.space.has(s.by())) {
                        by.add(s.by());
                    }
                }
                long elements = v.shape().numElements();
                if (by.isEmpty()) {
                    if (counted.add(v)) {
                        m.constant += elements;
                    }
                    continue;
                }
                counted.add(v);
                double base = elements;
                for (Value b : by) {
                    base /= m.space.channels(b);
                }
                m.terms.add(new Term(base, m.index(by.get(0)), by.size() > 1 ? m.index(by.get(1)) : -1));
            }
        }
        return m;
    }

    private int index(Value v) {
        return space.values().indexOf(v);
    }

    /** Channels of every tensor of the {@link ChannelSpace}, nothing pruned. */
    int[] fullCounts() {
        int[] counts = new int[space.values().size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = space.channels(space.values().get(i));
        }
        return counts;
    }

    /** The cost when tensor i of the space keeps {@code counts[i]} channels. */
    long cost(int[] counts) {
        double total = constant;
        for (Term t : terms) {
            double in = t.in() < 0 ? 1 : counts[t.in()];
            double out = t.out() < 0 ? 1 : counts[t.out()];
            total += t.base() * in * out;
        }
        return Math.round(total);
    }
}
