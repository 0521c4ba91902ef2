package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.List;

/** The shape rule the two pooling ops share. */
final class Pooling {
    private Pooling() {}

    static List<TensorType> infer(String op, List<TensorType> in, int[] kernel, int[] strides, int[] pads,
            Layout layout) {
        ShapeRules.arity(op, in, 1, 1);
        TensorType x = in.get(0);
        ShapeRules.requireLayout(op, x, layout);
        Shape s = x.shape();
        long oh = ShapeRules.windowOut(s.size(layout.heightAxis()), kernel[0], strides[0], 1, pads[0], pads[2]);
        long ow = ShapeRules.windowOut(s.size(layout.widthAxis()), kernel[1], strides[1], 1, pads[1], pads[3]);
        long c = s.size(layout.channelAxis());
        return List.of(new TensorType(x.dtype(), ShapeRules.spatial(layout, s.dim(0), c, oh, ow), layout));
    }
}
