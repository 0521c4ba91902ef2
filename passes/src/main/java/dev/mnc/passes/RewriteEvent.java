package dev.mnc.passes;

import dev.mnc.ir.Node;

/**
 * One rewrite a pass tried at one place in the graph: {@link Applied}, or {@link Skipped} with the
 * reason it declined. {@code --verbose} prints these; tests read them to check a pass declined for
 * the right reason.
 */
public sealed interface RewriteEvent permits RewriteEvent.Applied, RewriteEvent.Skipped {

    /** Where: a node description such as {@code node 'Conv_3' (conv2d)}. */
    String where();

    /** A rewrite at {@code node}. */
    static Applied applied(Node node, String detail) {
        return new Applied(node.describe(), detail);
    }

    /** A declined rewrite at {@code node}. */
    static Skipped skipped(Node node, String reason) {
        return new Skipped(node.describe(), reason);
    }

    /** The rewrite happened; {@code detail} says what it became. */
    record Applied(String where, String detail) implements RewriteEvent {
        @Override
        public String toString() {
            return "applied " + where + ": " + detail;
        }
    }

    /** The pattern matched but the rewrite declined, for {@code reason}. */
    record Skipped(String where, String reason) implements RewriteEvent {
        @Override
        public String toString() {
            return "skipped " + where + ": " + reason;
        }
    }
}
