package dev.mnc.prune;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Reshape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link Plan}: a copy of the graph in which every tensor has only its kept channels.
 * Each node's per-channel constants are sliced along the axes {@link ParamSlice} names, depthwise
 * convs get the new group count, reshapes the new channel count, and the node's output type is
 * inferred again (nodes are visited in topological order, so inputs are already pruned). Names of
 * values and constants are kept; a constant shared with another node is copied before slicing.
 * The result passes the {@link Verifier}.
 */
final class GraphSlicer {
    private GraphSlicer() {}

    static Graph apply(Graph original, Plan plan) {
        Map<Value, int[]> kept = plan.keptChannels();
        Graph p = original.copy();
        List<Node> from = original.nodes();
        List<Node> to = p.nodes();
        for (int i = 0; i < from.size(); i++) {
            Node o = from.get(i);
            Node n = to.get(i);
            if (!n.output().name().equals(o.output().name())) {
                throw new IllegalStateException("copy of " + o.describe() + " is out of order");
            }
            Map<Integer, TensorData> sliced = new LinkedHashMap<>();
            for (ParamSlice s : ParamSlice.of(o)) {
                int[] keep = kept.get(s.by());
                if (keep != null) {
                    TensorData d = sliced.getOrDefault(s.input(), o.input(s.input()).data());
                    sliced.put(s.input(), Tensors.slice(d, s.axis(), keep));
                }
            }
            for (Map.Entry<Integer, TensorData> e : sliced.entrySet()) {
                replaceConstant(p, n, e.getKey(), e.getValue());
            }
            n.setOp(prunedOp(o, kept));
        }
        Verifier.verify(p);
        return p;
    }

    /** The op with its channel-dependent attributes updated: a depthwise conv's group, a reshape's target. */
    private static Op prunedOp(Node o, Map<Value, int[]> kept) {
        Op op = o.op();
        if (op instanceof Conv2d c && c.group() > 1 && kept.containsKey(o.input(0))) {
            return new Conv2d(c.strides(), c.dilations(), c.pads(), kept.get(o.input(0)).length, c.activation(),
                    c.layout());
        }
        if (op instanceof Reshape r && kept.containsKey(o.output())) {
            long[] shape = r.shape().clone();
            shape[1] = kept.get(o.output()).length;
            return new Reshape(shape);
        }
        return op;
    }

    private static void replaceConstant(Graph p, Node n, int input, TensorData data) {
        Value c = n.input(input);
        if (c.users().size() == 1 && !p.isGraphOutput(c)) {
            p.setConstantData(c, data);
            return;
        }
        Value copy = p.addConstant(c.name(), data);
        n.setInput(input, copy);
        p.removeIfUnused(c);
    }
}
