package dev.mnc.passes;

import dev.mnc.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of a pass did: whether the graph changed, the per-rewrite {@link RewriteEvent}s,
 * and for a {@link Pipeline} the results of the passes it ran, in order.
 */
public final class PassResult {
    private final String pass;
    private final boolean changed;
    private final List<RewriteEvent> events;
    private final List<PassResult> children;

    private PassResult(String pass, boolean changed, List<RewriteEvent> events, List<PassResult> children) {
        this.pass = pass;
        this.changed = changed;
        this.events = List.copyOf(events);
        this.children = List.copyOf(children);
    }

    /** A result that changed nothing and tried nothing. */
    public static PassResult unchanged(String pass) {
        return new PassResult(pass, false, List.of(), List.of());
    }

    static PassResult ofPipeline(String pass, List<PassResult> children, List<RewriteEvent> events) {
        boolean changed = children.stream().anyMatch(PassResult::changed);
        return new PassResult(pass, changed, events, children);
    }

    public static Builder builder(String pass) {
        return new Builder(pass);
    }

    /** Name of the pass that produced this result. */
    public String pass() {
        return pass;
    }

    /** True when the graph was modified. */
    public boolean changed() {
        return changed;
    }

    /** This pass's own events (a pipeline's children keep theirs). */
    public List<RewriteEvent> events() {
        return events;
    }

    /** Results of the passes a pipeline ran, in order; empty for a plain pass. */
    public List<PassResult> children() {
        return children;
    }

    /** Number of {@link RewriteEvent.Applied} events, children included. */
    public int applied() {
        return count(RewriteEvent.Applied.class);
    }

    /** Number of {@link RewriteEvent.Skipped} events, children included. */
    public int skipped() {
        return count(RewriteEvent.Skipped.class);
    }

    private int count(Class<? extends RewriteEvent> kind) {
        int n = (int) events.stream().filter(kind::isInstance).count();
        for (PassResult c : children) {
            n += c.count(kind);
        }
        return n;
    }

    /** {@code fold-batchnorm: changed, 35 applied, 1 skipped}. */
    @Override
    public String toString() {
        return pass + ": " + (changed ? "changed" : "unchanged") + ", " + applied() + " applied, " + skipped()
                + " skipped";
    }

    /** Collects a pass's events while it runs. */
    public static final class Builder {
        private final String pass;
        private boolean changed;
        private final List<RewriteEvent> events = new ArrayList<>();

        private Builder(String pass) {
            this.pass = pass;
        }

        /** Records a rewrite at {@code node}; the graph changed. */
        public Builder applied(Node node, String detail) {
            return add(new RewriteEvent.Applied(node.describe(), detail));
        }

        /** Records a declined rewrite at {@code node}. */
        public Builder skipped(Node node, String reason) {
            return add(new RewriteEvent.Skipped(node.describe(), reason));
        }

        /** Records an event; an {@link RewriteEvent.Applied} marks the graph changed. */
        public Builder add(RewriteEvent e) {
            events.add(e);
            if (e instanceof RewriteEvent.Applied) {
                changed = true;
            }
            return this;
        }

        /** Marks the graph changed by something that has no event of its own. */
        public Builder changed() {
            changed = true;
            return this;
        }

        public boolean hasChanged() {
            return changed;
        }

        public PassResult build() {
            return new PassResult(pass, changed, events, List.of());
        }
    }
}
