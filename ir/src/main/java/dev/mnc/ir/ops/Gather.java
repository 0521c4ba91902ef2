package dev.mnc.ir.ops;

import dev.mnc.ir.Dim;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes slices of {@code data} along {@code axis} at integer {@code indices} (negative counts from
 * the end): output shape is data[:axis] + indices.shape + data[axis+1:].
 */
public record Gather(int axis) implements Op {

    public Gather {
        if (axis < 0) {
            throw new MncException("gather axis must be normalized to >= 0, got " + axis);
        }
    }

    @Override
    public String name() {
        return "gather";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("axis", axis).build();
    }

    static Gather fromAttrs(Attrs a) {
        return new Gather(a.getInt("axis", 0));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 2, 2);
        Shape data = in.get(0).shape();
        Shape idx = in.get(1).shape();
        if (!in.get(1).dtype().isInteger()) {
            throw new MncException("gather indices must be integers, got " + in.get(1).dtype());
        }
        if (axis >= data.rank()) {
            throw new MncException("gather axis " + axis + " out of range for " + data);
        }
        List<Dim> out = new ArrayList<>(data.asList().subList(0, axis));
        out.addAll(idx.asList());
        out.addAll(data.asList().subList(axis + 1, data.rank()));
        return List.of(TensorType.of(in.get(0).dtype(), Shape.of(out)));
    }
}
