package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * Reinterprets the row-major data under a new static shape of the same element count. ONNX
 * Flatten, Squeeze, Unsqueeze and Reshape (its -1 and 0 resolved at import) all become this.
 */
public record Reshape(long[] shape) implements Op {

    public Reshape {
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new MncException("reshape target " + Arrays.toString(shape) + " must be fully static");
            }
        }
    }

    @Override
    public String name() {
        return "reshape";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("shape", shape).build();
    }

    static Reshape fromAttrs(Attrs a) {
        return new Reshape(a.requireLongs("shape"));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        TensorType x = in.get(0);
        Shape target = Shape.of(shape);
        if (x.shape().numElements() != target.numElements()) {
            throw new MncException("cannot reshape " + x.shape() + " (" + x.shape().numElements() + " elements) to "
                    + target + " (" + target.numElements() + " elements)");
        }
        return List.of(TensorType.of(x.dtype(), target));
    }
}
