package dev.mnc.ir.ops;

import dev.mnc.ir.DType;
import dev.mnc.ir.TensorType;
import java.util.List;

/** Quantized integer to float: x = scale * (q - zp) with the input value's quantization. */
public record Dequantize() implements Op {

    @Override
    public String name() {
        return "dequantize";
    }

    @Override
    public Attrs attrs() {
        return Attrs.empty();
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        return List.of(in.get(0).withDType(DType.F32));
    }
}
