package dev.mnc.ir.ops;

import dev.mnc.ir.TensorType;
import java.util.List;

/** y = x. What ONNX Identity and inference-mode Dropout import as; removed by a pass. */
public record Identity() implements Op {

    @Override
    public String name() {
        return "identity";
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
