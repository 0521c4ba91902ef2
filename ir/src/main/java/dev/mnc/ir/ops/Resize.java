package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.List;
import java.util.Locale;

/**
 * Spatial resize of a rank-4 tensor to {@code size = [outH, outW]}, nearest or bilinear, following
 * ONNX Resize. Each output coordinate maps back to an input coordinate through {@code coord} using
 * {@code scales = [sh, sw]} (the scale the model gave, or out/in when it gave sizes):
 * half_pixel: (y + 0.5)/s - 0.5; asymmetric: y/s; align_corners: y*(in-1)/(out-1);
 * pytorch_half_pixel: like half_pixel but 0 when out == 1. Nearest rounds with {@code nearest}.
 */
public record Resize(Mode mode, CoordMode coord, NearestMode nearest, long[] size, float[] scales, Layout layout)
        implements Op {

    /** Interpolation. */
    public enum Mode { NEAREST, LINEAR }

    /** ONNX coordinate_transformation_mode. */
    public enum CoordMode { HALF_PIXEL, ASYMMETRIC, ALIGN_CORNERS, PYTORCH_HALF_PIXEL, TF_HALF_PIXEL_FOR_NN }

    /** ONNX nearest_mode. */
    public enum NearestMode { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL }

    public Resize {
        size = size.clone();
        scales = scales.clone();
        if (size.length != 2 || scales.length != 2 || size[0] <= 0 || size[1] <= 0) {
            throw new MncException("resize needs a positive output size [h,w] and two scales");
        }
        for (float s : scales) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new MncException("resize scale " + s + " is not a positive finite number");
            }
        }
    }

    @Override
    public String name() {
        return "resize";
    }

    public Resize withLayout(Layout l) {
        return new Resize(mode, coord, nearest, size, scales, l);
    }

    private static String text(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s) {
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MncException("unknown resize " + type.getSimpleName() + " '" + s + "'");
        }
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder()
                .put("mode", text(mode))
                .put("coord", text(coord))
                .putIfNot("nearest", text(nearest), text(NearestMode.ROUND_PREFER_FLOOR))
                .put("size", size)
                .put("scales", scales)
                .put("layout", layout.text())
                .build();
    }

    static Resize fromAttrs(Attrs a) {
        return new Resize(parse(Mode.class, a.requireString("mode")), parse(CoordMode.class, a.requireString("coord")),
                parse(NearestMode.class, a.getString("nearest", "round_prefer_floor")), a.requireLongs("size"),
                a.getFloats("scales", null), Layout.fromText(a.requireString("layout")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        TensorType x = in.get(0);
        ShapeRules.requireLayout(name(), x, layout);
        Shape s = x.shape();
        Shape out = ShapeRules.spatial(layout, s.dim(0), s.size(layout.channelAxis()), size[0], size[1]);
        return List.of(new TensorType(x.dtype(), out, layout));
    }
}
