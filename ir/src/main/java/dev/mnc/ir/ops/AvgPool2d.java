package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * 2-D average pooling. Each output is the mean of its window; with {@code countIncludePad} the
 * divisor is the full window (kh*kw), otherwise only the taps inside the input are counted (ONNX's
 * default, and TFLite's only behaviour). Output size: floor((in + pb + pe - k)/s) + 1.
 *
 * @param pads [top, left, bottom, right]
 */
public record AvgPool2d(int[] kernel, int[] strides, int[] pads, boolean countIncludePad, Layout layout)
        implements Op {

    public AvgPool2d {
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
        return "avg_pool2d";
    }

    public AvgPool2d withLayout(Layout l) {
        return new AvgPool2d(kernel, strides, pads, countIncludePad, l);
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder()
                .put("kernel", kernel)
                .putIfNot("strides", strides, new int[] {1, 1})
                .putIfNot("pads", pads, new int[] {0, 0, 0, 0})
                .putIfNot("count_include_pad", countIncludePad, false)
                .put("layout", layout.text())
                .build();
    }

    static AvgPool2d fromAttrs(Attrs a) {
        return new AvgPool2d(a.requireInts("kernel"), a.getInts("strides", new int[] {1, 1}),
                a.getInts("pads", new int[] {0, 0, 0, 0}), a.getBool("count_include_pad", false),
                Layout.fromText(a.requireString("layout")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        return Pooling.infer(name(), in, kernel, strides, pads, layout);
    }
}
