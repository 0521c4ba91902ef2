package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.GraphProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The structure of an ONNX graph, checked before anything is imported: every tensor name is
 * defined once (by a graph input, an initializer or one node output), every name a node or graph
 * output reads is defined, and the nodes form no cycle. Nodes are put into a topological order
 * that keeps the file's order where it already is one (ONNX requires sorted graphs; some
 * exporters do not quite manage). Only nodes that a graph output depends on are {@linkplain
 * #liveNodes() live}: dead branches are not imported, so they cannot fail the import.
 */
final class GraphTopology {
    private final GraphProto graph;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<Integer> order;
    private final boolean[] live;
    private final Set<String> used = new HashSet<>();

    GraphTopology(GraphProto graph, int[] opsetOf) {
        this.graph = graph;
        if (graph.getNodeCount() > Limits.MAX_NODES) {
            throw new MncException("the graph has " + graph.getNodeCount() + " nodes, more than the limit of "
                    + Limits.MAX_NODES);
        }
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            if (t.getName().isEmpty()) {
                throw new MncException("an initializer has no name");
            }
            if (!initializers.add(t.getName())) {
                throw new MncException("initializer '" + t.getName() + "' is defined twice");
            }
            names.add(t.getName());
        }
        if (graph.getSparseInitializerCount() > 0) {
            throw new MncException("sparse initializers (such as '" + graph.getSparseInitializer(0).getValues().getName()
                    + "') are not supported; store the weights dense");
        }
        Set<String> inputs = new HashSet<>();
        for (ValueInfoProto v : graph.getInputList()) {
            if (v.getName().isEmpty()) {
                throw new MncException("a graph input has no name");
            }
            if (!inputs.add(v.getName())) {
                throw new MncException("graph input '" + v.getName() + "' is listed twice");
            }
            names.add(v.getName());
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto n = graph.getNode(i);
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (!names.add(out)) {
                    throw new MncException(describe(i, opsetOf) + ": output '" + out
                            + "' is already defined by " + definer(out, opsetOf));
                }
                producer.put(out, i);
            }
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            for (String in : graph.getNode(i).getInputList()) {
                if (!in.isEmpty() && !names.contains(in)) {
                    throw new MncException(describe(i, opsetOf) + " reads '" + in
                            + "', which no graph input, initializer or node defines");
                }
            }
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            if (!names.contains(v.getName())) {
                throw new MncException("graph output '" + v.getName() + "' is never defined");
            }
        }
        if (graph.getOutputCount() == 0) {
            throw new MncException("the graph has no outputs");
        }
        this.order = sort(opsetOf);
        this.live = liveness();
    }

    /** Every tensor name the model defines (the importer keeps them free for the ONNX values). */
    Set<String> names() {
        return names;
    }

    /** Indices of the nodes to import, in a topological order. */
    List<Integer> liveNodes() {
        List<Integer> out = new ArrayList<>();
        for (int i : order) {
            if (live[i]) {
                out.add(i);
            }
        }
        return out;
    }

    /** True when a live node or a graph output reads {@code name}. */
    boolean isUsed(String name) {
        return used.contains(name);
    }

    /** Nodes reading {@code name} (live or not), in file order. */
    List<NodeProto> consumers(String name) {
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto n : graph.getNodeList()) {
            if (n.getInputList().contains(name)) {
                out.add(n);
            }
        }
        return out;
    }

    private List<Integer> sort(int[] opsetOf) {
        int n = graph.getNodeCount();
        int[] pending = new int[n];
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : graph.getNode(i).getInputList()) {
                Integer p = producer.get(in);
                if (p != null) {
                    deps.add(p);
                }
            }
            pending[i] = deps.size();
            for (int p : deps) {
                readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> out = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(i);
            for (int r : readers.getOrDefault(i, List.of())) {
                if (--pending[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (out.size() < n) {
            for (int i = 0; i < n; i++) {
                if (pending[i] > 0) {
                    throw new MncException("the graph has a cycle through " + describe(i, opsetOf));
                }
            }
        }
        return out;
    }

    private boolean[] liveness() {
        boolean[] alive = new boolean[graph.getNodeCount()];
        Deque<String> work = new ArrayDeque<>();
        for (ValueInfoProto v : graph.getOutputList()) {
            work.add(v.getName());
        }
        while (!work.isEmpty()) {
            String name = work.pop();
            if (!used.add(name)) {
                continue;
            }
            Integer p = producer.get(name);
            if (p != null && !alive[p]) {
                alive[p] = true;
                for (String in : graph.getNode(p).getInputList()) {
                    if (!in.isEmpty()) {
                        work.add(in);
                    }
                }
            }
        }
        return alive;
    }

    private String definer(String name, int[] opsetOf) {
        Integer p = producer.get(name);
        return p != null ? describe(p, opsetOf) : "a graph input or initializer";
    }

    private String describe(int i, int[] opsetOf) {
        NodeProto p = graph.getNode(i);
        return OnnxNode.describe(p, i, p.getDomain().isEmpty() ? "ai.onnx" : p.getDomain(), opsetOf[i]);
    }
}
