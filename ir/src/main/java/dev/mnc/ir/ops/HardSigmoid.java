package dev.mnc.ir.ops;

import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * Piecewise-linear sigmoid: y = max(0, min(1, alpha * x + beta)). ONNX's defaults are alpha 0.2,
 * beta 0.5; MobileNetV3's h-sigmoid is alpha 1/6, beta 0.5; PaddleOCR exports alpha 0.2, beta 0.5.
 */
public record HardSigmoid(float alpha, float beta) implements Op {

    @Override
    public String name() {
        return "hard_sigmoid";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("alpha", alpha).put("beta", beta).build();
    }

    static HardSigmoid fromAttrs(Attrs a) {
        return new HardSigmoid(a.getFloat("alpha", 0.2f), a.getFloat("beta", 0.5f));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        return ShapeRules.unary(name(), in);
    }
}
