package dev.mnc.ir.ops;

import dev.mnc.ir.Dim;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pads every axis: {@code pads = [begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}]} (ONNX order).
 * {@code constant} fills with {@code value}; {@code reflect} mirrors without repeating the edge;
 * {@code edge} repeats the edge.
 */
public record Pad(long[] pads, Mode mode, float value) implements Op {

    /** How the border is filled. */
    public enum Mode {
        CONSTANT, REFLECT, EDGE;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Mode fromText(String s) {
            for (Mode m : values()) {
                if (m.text().equals(s)) {
                    return m;
                }
            }
            throw new MncException("unknown pad mode '" + s + "' (known: constant, reflect, edge)");
        }
    }

    public Pad {
        pads = pads.clone();
        if (pads.length % 2 != 0) {
            throw new MncException("pad needs a begin and an end per axis, got " + Arrays.toString(pads));
        }
        for (long p : pads) {
            if (p < 0) {
                throw new MncException("negative pads (cropping) are not supported: " + Arrays.toString(pads));
            }
        }
    }

    @Override
    public String name() {
        return "pad";
    }

    /** Begin padding of {@code axis}. */
    public long begin(int axis) {
        return pads[axis];
    }

    /** End padding of {@code axis}. */
    public long end(int axis) {
        return pads[pads.length / 2 + axis];
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder()
                .put("pads", pads)
                .putIfNot("mode", mode.text(), Mode.CONSTANT.text())
                .putIfNot("value", value, 0f)
                .build();
    }

    static Pad fromAttrs(Attrs a) {
        return new Pad(a.requireLongs("pads"), Mode.fromText(a.getString("mode", "constant")), a.getFloat("value", 0f));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        TensorType x = in.get(0);
        Shape s = x.shape();
        if (pads.length != 2 * s.rank()) {
            throw new MncException("pad needs " + 2 * s.rank() + " values for " + s + ", got " + Arrays.toString(pads));
        }
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            long size = s.size(i);
            if (mode == Mode.REFLECT && (begin(i) >= size || end(i) >= size)) {
                throw new MncException("reflect padding " + Arrays.toString(pads) + " is wider than " + s);
            }
            out.add(Dim.of(size + begin(i) + end(i)));
        }
        Shape os = Shape.of(out);
        return List.of(ShapeRules.type(x.dtype(), os, x.layout()));
    }
}
