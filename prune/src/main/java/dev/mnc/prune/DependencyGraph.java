package dev.mnc.prune;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dependency groups of an NCHW graph: which channels must be removed together.
 *
 * <p>Every activation channel is an element of a {@link ChannelSpace}; the {@link Couplings} of
 * each op join the elements that go together and pin those that must stay; graph inputs and
 * outputs are pinned, and so are the output channels of skipped layers. Each resulting set of
 * elements is one removable channel. Sets that span the same tensors, the same number of times
 * each, form a {@link ChannelGroup}: for a conv -> batch_norm -> relu6 -> depthwise ->
 * batch_norm -> relu6 -> conv chain that is the expansion width, one set per channel. A group is
 * prunable when none of its sets is pinned.
 *
 * <pre>
 * DependencyGraph deps = DependencyGraph.build(graph, Set.of("Conv_95"));
 * for (ChannelGroup g : deps.groups()) System.out.println(g);
 * </pre>
 */
public final class DependencyGraph {
    private final Graph graph;
    private final ChannelSpace space;
    private final List<Group> groups;
    private final List<ChannelGroup> views;

    /** A group's sets of elements, one per channel, and what it spans. */
    record Group(int id, List<int[]> channels, List<Value> values, int[] multiplicity, String reason) {
        boolean prunable() {
            return reason == null;
        }

        int size() {
            return channels.size();
        }
    }

    private DependencyGraph(Graph graph, ChannelSpace space, List<Group> groups, List<ChannelGroup> views) {
        this.graph = graph;
        this.space = space;
        this.groups = groups;
        this.views = views;
    }

    /** The groups of {@code graph} with no layer skipped. */
    public static DependencyGraph build(Graph graph) {
        return build(graph, Set.of());
    }

    /**
     * The groups of {@code graph}; each layer in {@code skipLayers} (an ONNX node name) keeps all
     * its output channels, so every group holding one of them is not prunable.
     *
     * @throws MncException when a skipped name is no node's
     */
    public static DependencyGraph build(Graph graph, Collection<String> skipLayers) {
        ChannelSpace space = new ChannelSpace(graph);
        List<Node> nodes = graph.nodes();
        for (Node n : nodes) {
            Couplings.apply(n, space);
        }
        for (Value v : graph.inputs()) {
            space.pin(v, "graph input " + v.name());
        }
        for (Value v : graph.outputs()) {
            space.pin(v, "graph output " + v.name());
        }
        Set<String> unknown = new TreeSet<>(skipLayers);
        for (Node n : nodes) {
            for (String name : n.origin()) {
                if (skipLayers.contains(name)) {
                    unknown.remove(name);
                    for (Value out : n.outputs()) {
                        space.pin(out, "layer " + name + " is skipped");
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (Node n : nodes) {
                if (isLayer(n.op()) && known.size() < 8) {
                    known.add(n.displayName());
                }
            }
            throw new MncException("--prune-skip names " + unknown + ", which " + (unknown.size() == 1 ? "is" : "are")
                    + " not a node of graph '" + graph.name() + "'; name ONNX nodes such as " + String.join(", ", known));
        }
        List<Group> groups = groups(space);
        List<ChannelGroup> views = new ArrayList<>();
        for (Group g : groups) {
            views.add(view(g, nodes));
        }
        return new DependencyGraph(graph, space, groups, views);
    }

    /** Every group, prunable or not, in graph order. */
    public List<ChannelGroup> groups() {
        return views;
    }

    /** The groups spanning channels of the tensor called {@code valueName} (several for a concat's output). */
    public List<ChannelGroup> groupsOf(String valueName) {
        List<ChannelGroup> out = new ArrayList<>();
        for (ChannelGroup g : views) {
            if (g.values().contains(valueName)) {
                out.add(g);
            }
        }
        return out;
    }

    /** The graph the groups were built for. */
    Graph graph() {
        return graph;
    }

    ChannelSpace space() {
        return space;
    }

    List<Group> internalGroups() {
        return groups;
    }

    /** True for ops with weights that start a channel space or read one through a weight axis. */
    static boolean isLayer(Op op) {
        return op instanceof Conv2d || op instanceof ConvTranspose2d || op instanceof FullyConnected
                || op instanceof MatMul;
    }

    private static List<Group> groups(ChannelSpace space) {
        Map<Integer, List<Integer>> sets = new LinkedHashMap<>();
        for (int e = 0; e < space.size(); e++) {
            sets.computeIfAbsent(space.find(e), k -> new ArrayList<>()).add(e);
        }
        Map<String, List<int[]>> bySignature = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Integer>> set : sets.entrySet()) {
            int[] elements = set.getValue().stream().mapToInt(Integer::intValue).toArray();
            int[] valueIdx = new int[elements.length];
            for (int i = 0; i < elements.length; i++) {
                valueIdx[i] = space.valueIndex(elements[i]);
            }
            Arrays.sort(valueIdx);
            String key = Arrays.toString(valueIdx);
            bySignature.computeIfAbsent(key, k -> new ArrayList<>()).add(elements);
            String reason = space.pinReason(set.getKey());
            if (reason != null) {
                reasons.putIfAbsent(key, reason);
            }
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<int[]>> e : bySignature.entrySet()) {
            int[] first = e.getValue().get(0);
            Map<Value, Integer> counts = new LinkedHashMap<>();
            for (int el : first) {
                counts.merge(space.valueOf(el), 1, Integer::sum);
            }
            List<Value> values = new ArrayList<>(counts.keySet());
            int[] mult = counts.values().stream().mapToInt(Integer::intValue).toArray();
            out.add(new Group(out.size(), List.copyOf(e.getValue()), values, mult, reasons.get(e.getKey())));
        }
        return out;
    }

    private static ChannelGroup view(Group g, List<Node> nodes) {
        Set<Value> members = new LinkedHashSet<>(g.values());
        List<String> producers = new ArrayList<>();
        Set<String> layers = new LinkedHashSet<>();
        for (Node n : nodes) {
            if (members.contains(n.output()) && isLayer(n.op()) && !(n.op() instanceof Conv2d c && c.group() > 1)) {
                producers.add(n.displayName());
            }
            for (ParamSlice p : ParamSlice.of(n)) {
                if (members.contains(p.by())) {
                    layers.add(n.displayName());
                }
            }
        }
        String name = producers.isEmpty() ? g.values().get(0).name()
                : producers.get(0) + (producers.size() > 1 ? "+" + (producers.size() - 1) : "");
        List<String> valueNames = g.values().stream().map(Value::name).toList();
        return new ChannelGroup(g.id(), name, g.size(), g.prunable(), g.reason() == null ? "" : g.reason(), valueNames,
                new ArrayList<>(layers));
    }
}
