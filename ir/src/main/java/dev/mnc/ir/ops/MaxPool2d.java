package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * 2-D max pooling; padded taps never win (they read as -infinity). Output size:
 * floor((in + pb + pe - k)/s) + 1.
 *
 * @param pads [top, left, bottom, right]
 */
public record MaxPool2d(int[] kernel, int[] strides, int[] pads, Layout layout) implements Op {

    public MaxPool2d {
        ShapeRules.requireLength("kernel", kernel, 2);
        ShapeRules.requireLength("strides", strides, 2);
        ShapeRules.requireLength("pads", pads, 4);
        ShapeRules.requirePositive("kernel", kernel);
        ShapeRules.requirePositive("strides", strides);
        ShapeRules.requireNonNegative("pads", pads);
        kernel = kernel.clone();
        strides = strides.clone();
        pads = pads.clone();
    }

    @Override
    public String name() {
        return "max_pool2d";
    }

    public MaxPool2d withLayout(Layout l) {
        return new MaxPool2d(kernel, strides, pads, l);
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder()
                .put("kernel", kernel)
                .putIfNot("strides", strides, new int[] {1, 1})
                .putIfNot("pads", pads, new int[] {0, 0, 0, 0})
                .put("layout", layout.text())
                .build();
    }

    static MaxPool2d fromAttrs(Attrs a) {
        return new MaxPool2d(a.requireInts("kernel"), a.getInts("strides", new int[] {1, 1}),
                a.getInts("pads", new int[] {0, 0, 0, 0}), Layout.fromText(a.requireString("layout")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        return Pooling.infer(name(), in, kernel, strides, pads, layout);
    }
}
