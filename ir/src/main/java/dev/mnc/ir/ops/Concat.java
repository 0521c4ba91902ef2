package dev.mnc.ir.ops;

import dev.mnc.ir.Dim;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.List;

/** Joins inputs along {@code axis}; all other dims must agree. */
public record Concat(int axis) implements Op {

    public Concat {
        if (axis < 0) {
            throw new MncException("concat axis must be normalized to >= 0, got " + axis);
        }
    }

    @Override
    public String name() {
        return "concat";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("axis", axis).build();
    }

    static Concat fromAttrs(Attrs a) {
        return new Concat(a.getInt("axis", 0));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, Integer.MAX_VALUE);
        var dtype = ShapeRules.sameDType(name(), in);
        Shape first = in.get(0).shape();
        if (axis >= first.rank()) {
            throw new MncException("concat axis " + axis + " out of range for " + first);
        }
        long total = 0;
        for (TensorType t : in) {
            Shape s = t.shape();
            if (s.rank() != first.rank()) {
                throw new MncException("concat inputs " + first + " and " + s + " differ in rank");
            }
            for (int i = 0; i < s.rank(); i++) {
                if (i != axis && !s.dim(i).equals(first.dim(i))) {
                    throw new MncException("concat inputs " + first + " and " + s + " differ outside axis " + axis);
                }
            }
            total += s.size(axis);
        }
        Shape out = first.with(axis, Dim.of(total));
        return List.of(ShapeRules.type(dtype, out, ShapeRules.commonLayout(name(), in, out.rank())));
    }
}
