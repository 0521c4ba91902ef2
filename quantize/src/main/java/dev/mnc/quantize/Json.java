package dev.mnc.quantize;

/**
 * A small JSON writer (no library): objects and arrays with two-space indentation, strings
 * escaped as RFC 8259 requires, floats in their shortest round-trip form, and non-finite numbers
 * (which JSON cannot hold) written as {@code null}.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    private int depth;
    private boolean first = true;

    /** Starts an object, as a value or as the member {@code key} of the enclosing object. */
    Json beginObject(String key) {
        prefix(key);
        sb.append('{');
        depth++;
        first = true;
        return this;
    }

    Json endObject() {
        close('}');
        return this;
    }

    Json beginArray(String key) {
        prefix(key);
        sb.append('[');
        depth++;
        first = true;
        return this;
    }

    Json endArray() {
        close(']');
        return this;
    }

    Json string(String key, String value) {
        prefix(key);
        quote(value);
        return this;
    }

    Json number(String key, double value) {
        prefix(key);
        sb.append(Double.isFinite(value) ? format(value) : "null");
        return this;
    }

    /** A float written in its own shortest form (0.1f as 0.1, not 0.10000000149011612). */
    Json number(String key, float value) {
        prefix(key);
        sb.append(Float.isFinite(value) ? Float.toString(value) : "null");
        return this;
    }

    Json integer(String key, long value) {
        prefix(key);
        sb.append(value);
        return this;
    }

    Json bool(String key, boolean value) {
        prefix(key);
        sb.append(value);
        return this;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private void prefix(String key) {
        if (depth > 0) {
            sb.append(first ? "\n" : ",\n");
            sb.append("  ".repeat(depth));
        }
        first = false;
        if (key != null) {
            quote(key);
            sb.append(": ");
        }
    }

    private void close(char c) {
        depth--;
        if (!first) {
            sb.append('\n').append("  ".repeat(depth));
        }
        sb.append(c);
        first = false;
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString() + "\n";
    }
}
