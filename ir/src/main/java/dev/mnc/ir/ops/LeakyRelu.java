package dev.mnc.ir.ops;

import dev.mnc.ir.TensorType;
import java.util.List;

/** Leaky rectifier: y = x for x >= 0, alpha * x otherwise. */
public record LeakyRelu(float alpha) implements Op {

    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("alpha", alpha).build();
    }

    static LeakyRelu fromAttrs(Attrs a) {
        return new LeakyRelu(a.getFloat("alpha", 0.01f));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        return ShapeRules.unary(name(), in);
    }
}
