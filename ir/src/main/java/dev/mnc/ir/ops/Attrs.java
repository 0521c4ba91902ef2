package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An ordered, immutable attribute map: the untyped form of an op's attributes, used by the text
 * printer and parser. Values are {@code Long}, {@code Double}, {@code long[]}, {@code double[]},
 * {@code Boolean} or {@code String} (an identifier such as {@code relu6}). Typed getters convert
 * integers to floats where a float is asked for, never the other way.
 */
public final class Attrs {
    private final Map<String, Object> map;
    /** Names a typed getter has asked for, so the parser can reject attributes no op reads. */
    private final Set<String> read = new HashSet<>();

    private Attrs(Map<String, Object> map) {
        this.map = Collections.unmodifiableMap(map);
    }

    /** Attribute names present but never read by a getter (a misspelled or foreign attribute). */
    Set<String> unread() {
        Set<String> s = new TreeSet<>(map.keySet());
        s.removeAll(read);
        return s;
    }

    private Object get(String name) {
        read.add(name);
        return map.get(name);
    }

    public static Attrs empty() {
        return new Attrs(new LinkedHashMap<>());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Object> asMap() {
        return map;
    }

    public boolean has(String name) {
        return map.containsKey(name);
    }

    public long getLong(String name, long dflt) {
        Object v = get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(name, "an integer", v);
    }

    public int getInt(String name, int dflt) {
        return Math.toIntExact(getLong(name, dflt));
    }

    public float getFloat(String name, float dflt) {
        Object v = get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Double d) {
            return d.floatValue();
        }
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(name, "a number", v);
    }

    public boolean getBool(String name, boolean dflt) {
        Object v = get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "true or false", v);
    }

    public String getString(String name, String dflt) {
        Object v = get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(name, "a name", v);
    }

    public String requireString(String name) {
        String s = getString(name, null);
        if (s == null) {
            throw new MncException("missing attribute '" + name + "'");
        }
        return s;
    }

    public long[] getLongs(String name, long[] dflt) {
        Object v = get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof long[] a) {
            return a.clone();
        }
        if (v instanceof double[] a && a.length == 0) {
            return new long[0];
        }
        throw wrongType(name, "a list of integers", v);
    }

    public long[] requireLongs(String name) {
        long[] a = getLongs(name, null);
        if (a == null) {
            throw new MncException("missing attribute '" + name + "'");
        }
        return a;
    }

    public int[] getInts(String name, int[] dflt) {
        long[] a = getLongs(name, null);
        if (a == null) {
            return dflt;
        }
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.toIntExact(a[i]);
        }
        return out;
    }

    public int[] requireInts(String name) {
        int[] a = getInts(name, null);
        if (a == null) {
            throw new MncException("missing attribute '" + name + "'");
        }
        return a;
    }

    public float[] getFloats(String name, float[] dflt) {
        Object v = get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof double[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) a[i];
            }
            return out;
        }
        if (v instanceof long[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        throw wrongType(name, "a list of numbers", v);
    }

    private static MncException wrongType(String name, String want, Object got) {
        return new MncException("attribute '" + name + "' must be " + want + ", got " + format(got));
    }

    static String format(Object v) {
        if (v instanceof long[] a) {
            return Arrays.toString(a).replace(" ", "");
        }
        if (v instanceof double[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i > 0 ? "," : "").append(formatFloat((float) a[i]));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Double d) {
            return formatFloat(d.floatValue());
        }
        return String.valueOf(v);
    }

    /** Shortest text that parses back to the same float; {@code inf}, {@code -inf}, {@code nan} spelled out. */
    public static String formatFloat(float f) {
        if (Float.isNaN(f)) {
            return "nan";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "inf" : "-inf";
        }
        return Float.toString(f);
    }

    /** {@code {strides=[2,2], act=relu6}}, or the empty string when there are no attributes. */
    @Override
    public String toString() {
        if (map.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append('=').append(format(e.getValue()));
            first = false;
        }
        return sb.append('}').toString();
    }

    /** Collects attributes; {@code put} rejects unsupported value types. */
    public static final class Builder {
        private final Map<String, Object> map = new LinkedHashMap<>();

        public Builder put(String name, Object value) {
            if (value instanceof Integer i) {
                value = (long) i;
            } else if (value instanceof Float f) {
                value = (double) f;
            } else if (value instanceof int[] a) {
                value = Arrays.stream(a).asLongStream().toArray();
            } else if (value instanceof float[] a) {
                double[] d = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    d[i] = a[i];
                }
                value = d;
            } else if (value instanceof long[] a) {
                value = a.clone();
            } else if (value instanceof double[] a) {
                value = a.clone();
            } else if (!(value instanceof Long || value instanceof Double || value instanceof Boolean
                    || value instanceof String)) {
                throw new IllegalArgumentException("unsupported attribute value " + value);
            }
            if (map.put(name, value) != null) {
                throw new MncException("attribute '" + name + "' given twice");
            }
            return this;
        }

        /** Puts the value unless it equals the default (arrays compared by content). */
        public Builder putIfNot(String name, Object value, Object dflt) {
            if (!deepEquals(value, dflt)) {
                put(name, value);
            }
            return this;
        }

        private static boolean deepEquals(Object a, Object b) {
            return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
        }

        public Attrs build() {
            return new Attrs(new LinkedHashMap<>(map));
        }
    }
}
