package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import java.util.List;

/** Softmax along one axis: y = exp(x - max) / sum(exp(x - max)). (ONNX opset 13 semantics.) */
public record Softmax(int axis) implements Op {

    public Softmax {
        if (axis < 0) {
            throw new MncException("softmax axis must be normalized to >= 0, got " + axis);
        }
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("axis", axis).build();
    }

    static Softmax fromAttrs(Attrs a) {
        return new Softmax(a.getInt("axis", 0));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        if (axis >= in.get(0).rank()) {
            throw new MncException("softmax axis " + axis + " out of range for " + in.get(0).shape());
        }
        return List.of(in.get(0));
    }
}
