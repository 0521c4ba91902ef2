package dev.mnc.passes.pattern;

import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A tree-shaped description of a subgraph, matched upward from a root node through each node's
 * inputs. Leaves are {@link #value} (any value) or {@link #constant} (a constant); inner patterns
 * are {@link #op} with the op's text name and input patterns. A leaf name used twice must bind the
 * same value both times, which expresses sharing: hard swish is
 * <pre>
 *   op("div", op("mul", value("x"), op("clip", op("add", value("x"), constant("three")).commutative())
 *           .where(Clip.class, c -> c.min() == 0 &amp;&amp; c.max() == 6)).commutative(), constant("six"))
 * </pre>
 * {@link #commutative()} lets a two-input op match its inputs in either order (tried in order,
 * backtracking). Matching only looks: the rule that uses the {@link Match} checks use counts and
 * constant values, so it can say why it declines.
 */
public final class Pattern {
    private enum Kind { OP, VALUE, CONSTANT }

    private final Kind kind;
    private final String opName;
    private final List<Pattern> inputs;
    private final String name;
    private final boolean commutative;
    private final Predicate<Op> test;

    private Pattern(Kind kind, String opName, List<Pattern> inputs, String name, boolean commutative,
            Predicate<Op> test) {
        this.kind = kind;
        this.opName = opName;
        this.inputs = inputs;
        this.name = name;
        this.commutative = commutative;
        this.test = test;
    }

    /**
     * A node running the op called {@code opName} (e.g. {@code "add"}) with exactly these inputs;
     * with no input patterns at all, any inputs (every IR op has at least one).
     */
    public static Pattern op(String opName, Pattern... inputs) {
        return new Pattern(Kind.OP, opName, List.copyOf(Arrays.asList(inputs)), null, false, op -> true);
    }

    /** Any value, bound to {@code name}. */
    public static Pattern value(String name) {
        return new Pattern(Kind.VALUE, null, List.of(), name, false, op -> true);
    }

    /** Any value, not bound. */
    public static Pattern any() {
        return new Pattern(Kind.VALUE, null, List.of(), null, false, op -> true);
    }

    /** A constant, bound to {@code name}. */
    public static Pattern constant(String name) {
        return new Pattern(Kind.CONSTANT, null, List.of(), name, false, op -> true);
    }

    /** Binds the node this op pattern matches to {@code name}. */
    public Pattern as(String nodeName) {
        requireOp("as");
        return new Pattern(kind, opName, inputs, nodeName, commutative, test);
    }

    /** Lets this two-input op match its inputs in either order. */
    public Pattern commutative() {
        requireOp("commutative");
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("only a two-input op pattern can be commutative");
        }
        return new Pattern(kind, opName, inputs, name, true, test);
    }

    /** Also requires the node's op to be a {@code type} satisfying {@code predicate} (attribute checks). */
    public <T extends Op> Pattern where(Class<T> type, Predicate<T> predicate) {
        requireOp("where");
        Predicate<Op> prev = test;
        return new Pattern(kind, opName, inputs, name, commutative,
                op -> prev.test(op) && type.isInstance(op) && predicate.test(type.cast(op)));
    }

    private void requireOp(String what) {
        if (kind != Kind.OP) {
            throw new IllegalArgumentException(what + "() applies to op patterns only");
        }
    }

    /** Matches with {@code root} as the pattern's top node. */
    public Optional<Match> match(Node root) {
        if (kind != Kind.OP || root.outputs().size() != 1) {
            return Optional.empty();
        }
        Match m = new Match();
        return matchValue(root.output(), m) ? Optional.of(m) : Optional.empty();
    }

    private boolean matchValue(Value v, Match m) {
        switch (kind) {
            case VALUE:
                return bind(v, m);
            case CONSTANT:
                return v.isConstant() && bind(v, m);
            default:
                break;
        }
        Node n = v.producer();
        if (n == null || n.outputs().size() != 1 || !n.op().name().equals(opName)
                || (!inputs.isEmpty() && n.numInputs() != inputs.size()) || !test.test(n.op())) {
            return false;
        }
        if (name != null) {
            Node bound = m.nodes.get(name);
            if (bound != null && bound != n) {
                return false;
            }
            m.nodes.put(name, n);
        }
        if (!m.covered.contains(n)) {
            m.covered.add(n);
        }
        List<int[]> orders = new ArrayList<>();
        orders.add(identityOrder(inputs.size()));
        if (commutative) {
            orders.add(new int[] {1, 0});
        }
        for (int[] order : orders) {
            Match attempt = m.copy();
            boolean ok = true;
            for (int i = 0; i < inputs.size() && ok; i++) {
                ok = inputs.get(i).matchValue(n.input(order[i]), attempt);
            }
            if (ok) {
                m.assign(attempt);
                return true;
            }
        }
        return false;
    }

    private boolean bind(Value v, Match m) {
        if (name == null) {
            return true;
        }
        Value bound = m.values.get(name);
        if (bound != null) {
            return bound == v;
        }
        m.values.put(name, v);
        return true;
    }

    private static int[] identityOrder(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case VALUE -> name == null ? "_" : name;
            case CONSTANT -> "@" + name;
            case OP -> opName + inputs.toString().replace('[', '(').replace(']', ')') + (commutative ? "~" : "");
        };
    }
}
