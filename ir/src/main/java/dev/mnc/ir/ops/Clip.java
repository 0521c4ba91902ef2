package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * Clamp: y = min(max(x, min), max). Bounds are static attributes; an unbounded side is infinite.
 * ONNX Clip with attributes (opset 6) and with constant inputs (opset 11+) both import as this.
 */
public record Clip(float min, float max) implements Op {

    public Clip {
        if (Float.isNaN(min) || Float.isNaN(max) || min > max) {
            throw new MncException("clip bounds [" + min + ", " + max + "] are not an interval");
        }
    }

    @Override
    public String name() {
        return "clip";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder()
                .putIfNot("min", min, Float.NEGATIVE_INFINITY)
                .putIfNot("max", max, Float.POSITIVE_INFINITY)
                .build();
    }

    static Clip fromAttrs(Attrs a) {
        return new Clip(a.getFloat("min", Float.NEGATIVE_INFINITY), a.getFloat("max", Float.POSITIVE_INFINITY));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        return ShapeRules.unary(name(), in);
    }
}
