package dev.mnc.passes.pattern;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Pattern} bound at one place: named values (leaves), named nodes, and every node
 * the pattern covered, root first. Interior nodes are those the rewrite will delete, so they must
 * have no reader outside the pattern: {@link #multiUse} says which does.
 */
public final class Match {
    final Map<String, Value> values = new LinkedHashMap<>();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<Node> covered = new ArrayList<>();

    Match() {}

    Match copy() {
        Match m = new Match();
        m.values.putAll(values);
        m.nodes.putAll(nodes);
        m.covered.addAll(covered);
        return m;
    }

    void assign(Match other) {
        values.clear();
        values.putAll(other.values);
        nodes.clear();
        nodes.putAll(other.nodes);
        covered.clear();
        covered.addAll(other.covered);
    }

    /** The value bound to {@code name} by {@link Pattern#value} or {@link Pattern#constant}. */
    public Value value(String name) {
        Value v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the pattern binds no value '" + name + "' (has " + values.keySet() + ")");
        }
        return v;
    }

    /** The data of the constant bound to {@code name}. */
    public TensorData constant(String name) {
        return value(name).data();
    }

    /** The node bound to {@code name} by {@link Pattern#as}. */
    public Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("the pattern binds no node '" + name + "' (has " + nodes.keySet() + ")");
        }
        return n;
    }

    /** The node the match starts at. */
    public Node root() {
        return covered.get(0);
    }

    /** Every node the pattern covered, root first. */
    public List<Node> covered() {
        return List.copyOf(covered);
    }

    /** Covered nodes other than the root. */
    public List<Node> interior() {
        return List.copyOf(covered.subList(1, covered.size()));
    }

    /**
     * Why the interior cannot be deleted, if it cannot: an interior value read by a node outside
     * the pattern (or twice), or returned by the graph.
     */
    public Optional<String> multiUse(Graph graph) {
        for (Node n : interior()) {
            Value out = n.output();
            if (graph.isGraphOutput(out)) {
                return Optional.of("intermediate %" + out.name() + " is a graph output");
            }
            if (out.users().size() != 1) {
                return Optional.of("intermediate %" + out.name() + " has " + out.users().size() + " users");
            }
        }
        return Optional.empty();
    }
}
