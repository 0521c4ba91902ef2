package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * Dense layer: y[n,o] = act(b[o] + sum_k x[n,k] * w[o,k]). Inputs {@code x} [N,K], {@code w} [O,K]
 * (TFLite's layout, ONNX Gemm with transB=1), optional {@code b} [O].
 */
public record FullyConnected(Activation activation) implements Op {

    public FullyConnected withActivation(Activation a) {
        return new FullyConnected(a);
    }

    @Override
    public String name() {
        return "fully_connected";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().putIfNot("act", activation.text(), Activation.NONE.text()).build();
    }

    static FullyConnected fromAttrs(Attrs a) {
        return new FullyConnected(Activation.fromText(a.getString("act", "none")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 2, 3);
        TensorType x = in.get(0);
        TensorType w = in.get(1);
        ShapeRules.requireRank("fully_connected input", x, 2);
        ShapeRules.requireRank("fully_connected weight", w, 2);
        long k = x.shape().size(1);
        long o = w.shape().size(0);
        if (w.shape().size(1) != k) {
            throw new MncException("fully_connected weight " + w.shape() + " does not match input " + x.shape());
        }
        if (in.size() == 3 && (in.get(2).rank() != 1 || in.get(2).shape().size(0) != o)) {
            throw new MncException("fully_connected bias must be [" + o + "], got " + in.get(2).shape());
        }
        return List.of(TensorType.of(x.dtype(), Shape.of(List.of(x.shape().dim(0), dev.mnc.ir.Dim.of(o)))));
    }
}
