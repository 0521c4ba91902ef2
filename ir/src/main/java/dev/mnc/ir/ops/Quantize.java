package dev.mnc.ir.ops;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * Float (or differently quantized integer) to quantized integer: q = clamp(round(x / scale) + zp)
 * with the output value's {@link dev.mnc.ir.QuantParams}. From an integer input it requantizes
 * (TFLite QUANTIZE does both).
 */
public record Quantize(DType to) implements Op {

    public Quantize {
        if (to != DType.I8 && to != DType.U8 && to != DType.I16) {
            throw new MncException("quantize target must be i8, u8 or i16, got " + to);
        }
    }

    @Override
    public String name() {
        return "quantize";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("to", to.text()).build();
    }

    static Quantize fromAttrs(Attrs a) {
        return new Quantize(DType.fromText(a.requireString("to")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        return List.of(in.get(0).withDType(to));
    }
}
