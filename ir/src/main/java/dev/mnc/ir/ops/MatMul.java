package dev.mnc.ir.ops;

import dev.mnc.ir.Dim;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Matrix product with numpy batch broadcasting: a [..., M, K] times b [..., K, N] gives
 * [..., M, N]. Both inputs have rank >= 2 (the importer reshapes ONNX's 1-D cases).
 */
public record MatMul() implements Op {

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public Attrs attrs() {
        return Attrs.empty();
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 2, 2);
        var dtype = ShapeRules.sameDType(name(), in);
        Shape a = in.get(0).shape();
        Shape b = in.get(1).shape();
        if (a.rank() < 2 || b.rank() < 2) {
            throw new MncException("matmul inputs must have rank >= 2, got " + a + " and " + b);
        }
        if (a.size(a.rank() - 1) != b.size(b.rank() - 2)) {
            throw new MncException("matmul inner dimensions of " + a + " and " + b + " differ");
        }
        List<Dim> batchA = a.asList().subList(0, a.rank() - 2);
        List<Dim> batchB = b.asList().subList(0, b.rank() - 2);
        List<Dim> out = new ArrayList<>(ShapeRules.broadcast(Shape.of(batchA), Shape.of(batchB)).asList());
        out.add(a.dim(a.rank() - 2));
        out.add(b.dim(b.rank() - 1));
        return List.of(TensorType.of(dtype, Shape.of(out)));
    }
}
