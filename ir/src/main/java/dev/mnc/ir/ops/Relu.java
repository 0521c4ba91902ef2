package dev.mnc.ir.ops;

import dev.mnc.ir.TensorType;
import java.util.List;

/** Rectifier: y = max(x, 0). */
public record Relu() implements Op {

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public Attrs attrs() {
        return Attrs.empty();
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        return ShapeRules.unary(name(), in);
    }
}
