package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.AttributeProto;
import dev.mnc.onnx.proto.Onnx.AttributeProto.AttributeType;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to a node's attributes. Every getter records the name it was asked for; after an op
 * is imported, {@link #requireAllRead()} turns any attribute its converter never looked at into an
 * error, so an attribute mnc does not understand is never silently dropped.
 *
 * <p>Old exporters sometimes leave {@code type} unset; the type is then taken from the field that
 * holds a value.
 */
final class NodeAttributes {
    private final Map<String, AttributeProto> map = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    NodeAttributes(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            if (map.put(a.getName(), a) != null) {
                throw new MncException("attribute '" + a.getName() + "' is given twice");
            }
        }
    }

    boolean has(String name) {
        read.add(name);
        return map.containsKey(name);
    }

    /** Marks attributes that do not change inference results (e.g. BatchNormalization's momentum). */
    void ignore(String... names) {
        read.addAll(List.of(names));
    }

    long getInt(String name, long dflt) {
        AttributeProto a = get(name, AttributeType.INT);
        return a == null ? dflt : a.getI();
    }

    /** An INT attribute as a Java int, with a range check. */
    int getInt32(String name, int dflt) {
        return toInt(name, getInt(name, dflt));
    }

    float getFloat(String name, float dflt) {
        AttributeProto a = get(name, AttributeType.FLOAT);
        return a == null ? dflt : a.getF();
    }

    String getString(String name, String dflt) {
        AttributeProto a = get(name, AttributeType.STRING);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    long[] getInts(String name, long[] dflt) {
        AttributeProto a = get(name, AttributeType.INTS);
        if (a == null) {
            return dflt;
        }
        long[] out = new long[a.getIntsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getInts(i);
        }
        return out;
    }

    /** An INTS attribute as Java ints, each range-checked; null when absent and {@code dflt} is null. */
    int[] getInts32(String name, int[] dflt) {
        long[] v = getInts(name, null);
        if (v == null) {
            return dflt;
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = toInt(name, v[i]);
        }
        return out;
    }

    float[] getFloats(String name, float[] dflt) {
        AttributeProto a = get(name, AttributeType.FLOATS);
        if (a == null) {
            return dflt;
        }
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getFloats(i);
        }
        return out;
    }

    TensorProto getTensor(String name) {
        AttributeProto a = get(name, AttributeType.TENSOR);
        return a == null ? null : a.getT();
    }

    /** Fails on the first attribute no getter asked for. */
    void requireAllRead() {
        for (Map.Entry<String, AttributeProto> e : map.entrySet()) {
            if (!read.contains(e.getKey())) {
                throw new MncException("attribute '" + e.getKey() + "' is not supported for this op");
            }
        }
    }

    private AttributeProto get(String name, AttributeType want) {
        read.add(name);
        AttributeProto a = map.get(name);
        if (a == null) {
            return null;
        }
        AttributeType t = a.getType() == AttributeType.UNDEFINED ? inferType(a) : a.getType();
        if (t != want) {
            throw new MncException("attribute '" + name + "' must be " + want + ", got " + t);
        }
        return a;
    }

    private static AttributeType inferType(AttributeProto a) {
        if (a.hasF()) {
            return AttributeType.FLOAT;
        } else if (a.hasI()) {
            return AttributeType.INT;
        } else if (a.hasS()) {
            return AttributeType.STRING;
        } else if (a.hasT()) {
            return AttributeType.TENSOR;
        } else if (a.hasG()) {
            return AttributeType.GRAPH;
        } else if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        } else if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        } else if (a.getStringsCount() > 0) {
            return AttributeType.STRINGS;
        }
        return AttributeType.UNDEFINED;
    }

    static int toInt(String name, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new MncException("attribute '" + name + "' value " + v + " is out of range");
        }
        return (int) v;
    }
}
