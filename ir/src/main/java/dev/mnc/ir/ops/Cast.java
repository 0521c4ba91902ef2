package dev.mnc.ir.ops;

import dev.mnc.ir.DType;
import dev.mnc.ir.TensorType;
import java.util.List;

/** Element type conversion (float to integer truncates toward zero, as ONNX Cast does). */
public record Cast(DType to) implements Op {

    @Override
    public String name() {
        return "cast";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("to", to.text()).build();
    }

    static Cast fromAttrs(Attrs a) {
        return new Cast(DType.fromText(a.requireString("to")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        return List.of(in.get(0).withDType(to));
    }
}
