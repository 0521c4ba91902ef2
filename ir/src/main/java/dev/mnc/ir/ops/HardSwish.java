package dev.mnc.ir.ops;

import dev.mnc.ir.TensorType;
import java.util.List;

/** Hard swish (MobileNetV3): y = x * min(max(x + 3, 0), 6) / 6. */
public record HardSwish() implements Op {

    @Override
    public String name() {
        return "hard_swish";
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
