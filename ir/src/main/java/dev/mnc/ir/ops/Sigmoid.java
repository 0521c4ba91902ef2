package dev.mnc.ir.ops;

import dev.mnc.ir.TensorType;
import java.util.List;

/** Logistic function: y = 1 / (1 + exp(-x)). */
public record Sigmoid() implements Op {

    @Override
    public String name() {
        return "sigmoid";
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
