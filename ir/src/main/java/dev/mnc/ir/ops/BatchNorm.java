package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * Inference-mode batch normalization over the channel axis.
 *
 * <p>Inputs: {@code x}, {@code scale} (gamma), {@code bias} (beta), {@code mean}, {@code var}, each
 * of the four [C]. y = gamma * (x - mean) / sqrt(var + epsilon) + beta. The channel axis is the
 * layout's, or axis 1 for tensors without a layout (ONNX's rule).
 */
public record BatchNorm(float epsilon, Layout layout) implements Op {

    public BatchNorm {
        if (!(epsilon >= 0) || Float.isInfinite(epsilon)) {
            throw new MncException("batch_norm epsilon must be a finite number >= 0, got " + epsilon);
        }
    }

    @Override
    public String name() {
        return "batch_norm";
    }

    /** The channel axis of an input of the given rank. */
    public int channelAxis(int rank) {
        return layout == Layout.NONE ? 1 : layout.channelAxis();
    }

    public BatchNorm withLayout(Layout l) {
        return new BatchNorm(epsilon, l);
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("eps", epsilon).put("layout", layout.text()).build();
    }

    static BatchNorm fromAttrs(Attrs a) {
        return new BatchNorm(a.getFloat("eps", 1e-5f), Layout.fromText(a.getString("layout", "none")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 5, 5);
        TensorType x = in.get(0);
        if (x.rank() < 2) {
            throw new MncException("batch_norm input must have rank >= 2, got " + x.shape());
        }
        if (layout != Layout.NONE) {
            ShapeRules.requireLayout(name(), x, layout);
        }
        long c = x.shape().size(channelAxis(x.rank()));
        for (int i = 1; i < 5; i++) {
            TensorType p = in.get(i);
            if (p.rank() != 1 || p.shape().size(0) != c) {
                throw new MncException("batch_norm parameter " + i + " must be [" + c + "], got " + p.shape());
            }
        }
        return List.of(ShapeRules.type(x.dtype(), x.shape(), layout == Layout.NONE ? x.layout() : layout));
    }
}
