package dev.mnc.ir.ops;

import dev.mnc.ir.Dim;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mean over the given axes, which are kept as size 1 when {@code keepDims}. Global average pooling
 * is {@code mean{axes=[2,3], keep_dims=true}} in NCHW, {@code axes=[1,2]} in NHWC (TFLite's MEAN).
 *
 * @param axes distinct, non-negative, ascending
 */
public record Mean(int[] axes, boolean keepDims) implements Op {

    public Mean {
        axes = axes.clone();
        Arrays.sort(axes);
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || (i > 0 && axes[i] == axes[i - 1])) {
                throw new MncException("mean axes must be distinct and non-negative, got " + Arrays.toString(axes));
            }
        }
        if (axes.length == 0) {
            throw new MncException("mean needs at least one axis");
        }
    }

    @Override
    public String name() {
        return "mean";
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("axes", axes).put("keep_dims", keepDims).build();
    }

    static Mean fromAttrs(Attrs a) {
        return new Mean(a.requireInts("axes"), a.getBool("keep_dims", true));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        TensorType x = in.get(0);
        Shape s = x.shape();
        if (axes[axes.length - 1] >= s.rank()) {
            throw new MncException("mean axes " + Arrays.toString(axes) + " out of range for " + s);
        }
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            if (Arrays.binarySearch(axes, i) >= 0) {
                if (keepDims) {
                    out.add(Dim.of(1));
                }
            } else {
                out.add(s.dim(i));
            }
        }
        Shape os = Shape.of(out);
        return List.of(ShapeRules.type(x.dtype(), os, keepDims ? x.layout() : dev.mnc.ir.Layout.NONE));
    }
}
