package dev.mnc.backend.tflite;

import dev.mnc.ir.Node;
import dev.mnc.ir.Rounding;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Resize;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ResizeBilinearOptions;
import org.tensorflow.lite.schema.ResizeNearestNeighborOptions;

/**
 * Lowers resize to RESIZE_BILINEAR or RESIZE_NEAREST_NEIGHBOR, choosing the
 * (align_corners, half_pixel_centers) flags that sample exactly the input positions the IR's
 * coordinate and rounding modes sample.
 *
 * <p>Rather than trusting a table of equivalences (which hold only for some sizes: pytorch_half_pixel
 * is half_pixel unless an output side is 1; half_pixel with round_prefer_floor equals TFLite's
 * half-pixel nearest only where no coordinate lands on a tie), the lowering evaluates both
 * sides' sampling for every output row and column of this op's actual sizes and scales, in the
 * same float arithmetic each side uses, and takes the first TFLite mode that agrees everywhere:
 * the same source index for nearest, the same two source indices and weights (within 1e-5) for
 * bilinear. If none agrees the op is rejected, naming its modes.
 *
 * <p>TFLite's sampling, per axis with in, out sizes: scale = (in-1)/(out-1) with align_corners
 * (out > 1), else in/out. Nearest takes min(floor((y + h) * scale), in-1) where h is 0.5 with
 * half_pixel_centers (then also max 0), or round((y) * scale) with align_corners. Bilinear reads
 * v = (y + 0.5) * scale - 0.5 with half_pixel_centers, else y * scale, and blends
 * max(floor(v), 0) and min(ceil(v), in-1) with weights 1 - (v - lo) and v - lo.
 */
final class ResizeLowering {
    private ResizeLowering() {}

    private record Flags(boolean alignCorners, boolean halfPixelCenters) {}

    private static final Flags[] CANDIDATES = {new Flags(false, false), new Flags(true, false), new Flags(false, true)};

    /** Largest difference in an interpolation weight accepted as the same sampling. */
    private static final double WEIGHT_TOLERANCE = 1e-5;

    static void resize(Lowering l, Node n, Resize op) {
        ConvLowering.requireNhwc(n, op.layout());
        Value x = n.input(0);
        Value y = n.output();
        int[] xs = Lowering.dims(x);
        long[] size = op.size();
        float[] scales = op.scales();
        Flags chosen = null;
        for (Flags f : CANDIDATES) {
            if (agrees(op, xs[1], (int) size[0], scales[0], f) && agrees(op, xs[2], (int) size[1], scales[1], f)) {
                chosen = f;
                break;
            }
        }
        if (chosen == null) {
            String modes = op.coord().name().toLowerCase(Locale.ROOT)
                    + (op.mode() == Resize.Mode.NEAREST ? " with nearest mode " + op.nearest().name().toLowerCase(Locale.ROOT)
                            : "");
            throw Unsupported.of(n, "TFLite's resize ops cannot sample as " + modes + " does for " + xs[1] + "x" + xs[2]
                    + " to " + size[0] + "x" + size[1] + " (scales " + scales[0] + ", " + scales[1] + ")",
                    "use coordinate mode half_pixel, asymmetric or align_corners (nearest: floor, or round_prefer_ceil "
                            + "with half_pixel), with scales equal to output/input size");
        }
        int sizeT = l.int32(y.name() + "/size", (int) size[0], (int) size[1]);
        Set<OpVersions.Feature> features = EnumSet.noneOf(OpVersions.Feature.class);
        if (chosen.alignCorners()) {
            features.add(OpVersions.Feature.ALIGN_CORNERS);
        }
        if (chosen.halfPixelCenters()) {
            features.add(OpVersions.Feature.HALF_PIXEL_CENTERS);
        }
        int[] in = {l.in(x), sizeT};
        int[] out = {l.define(y)};
        if (op.mode() == Resize.Mode.LINEAR) {
            l.op(BuiltinOperator.RESIZE_BILINEAR, in, out, BuiltinOptions.ResizeBilinearOptions,
                    ResizeBilinearOptions.createResizeBilinearOptions(l.fb(), chosen.alignCorners(),
                            chosen.halfPixelCenters()), features);
        } else {
            l.op(BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, in, out, BuiltinOptions.ResizeNearestNeighborOptions,
                    ResizeNearestNeighborOptions.createResizeNearestNeighborOptions(l.fb(), chosen.alignCorners(),
                            chosen.halfPixelCenters()), features);
        }
    }

    /** True when TFLite with flags {@code f} samples this axis exactly as the IR op does. */
    private static boolean agrees(Resize op, int in, int out, float scale, Flags f) {
        for (int y = 0; y < out; y++) {
            float c = irCoordinate(op.coord(), y, in, out, scale);
            if (op.mode() == Resize.Mode.NEAREST) {
                if (irNearest(op.nearest(), c, in) != tfliteNearest(y, in, out, f)) {
                    return false;
                }
            } else if (!sameBlend(irLinear(c, in), tfliteLinear(y, in, out, f))) {
                return false;
            }
        }
        return true;
    }

    /** The IR's (ONNX Resize's) source coordinate of output index y, in float as ONNX Runtime computes it. */
    static float irCoordinate(Resize.CoordMode mode, int y, int in, int out, float scale) {
        return switch (mode) {
            case HALF_PIXEL -> (y + 0.5f) / scale - 0.5f;
            case PYTORCH_HALF_PIXEL -> out > 1 ? (y + 0.5f) / scale - 0.5f : 0f;
            case ASYMMETRIC -> y / scale;
            case ALIGN_CORNERS -> out == 1 ? 0f : y * (float) (in - 1) / (out - 1);
            case TF_HALF_PIXEL_FOR_NN -> (y + 0.5f) / scale;
        };
    }

    /** The IR's nearest source index: the coordinate rounded by the nearest mode, clamped into the input. */
    static int irNearest(Resize.NearestMode mode, float c, int in) {
        double floor = Math.floor(c);
        boolean tie = c - floor == 0.5;
        long i = switch (mode) {
            case ROUND_PREFER_FLOOR -> tie ? (long) floor : Math.round((double) c);
            case ROUND_PREFER_CEIL -> tie ? (long) floor + 1 : Math.round((double) c);
            case FLOOR -> (long) floor;
            case CEIL -> (long) Math.ceil(c);
        };
        return (int) Math.max(0, Math.min(in - 1, i));
    }

    private static int tfliteNearest(int y, int in, int out, Flags f) {
        float scale = tfliteScale(in, out, f);
        float offset = f.halfPixelCenters() ? 0.5f : 0f;
        float v = (y + offset) * scale;
        int i = f.alignCorners() ? (int) Rounding.halfAwayFromZero(v) : (int) Math.floor(v);
        i = Math.min(i, in - 1);
        return f.halfPixelCenters() ? Math.max(0, i) : i;
    }

    private static float tfliteScale(int in, int out, Flags f) {
        return f.alignCorners() && out > 1 ? (in - 1) / (float) (out - 1) : in / (float) out;
    }

    /** Per-input-index weights of one output sample (dense over the input axis). */
    private static double[] irLinear(float c, int in) {
        float v = Math.max(0f, Math.min(c, in - 1));
        int lo = (int) v;
        int hi = Math.min(lo + 1, in - 1);
        double[] w = new double[in];
        w[lo] += 1 - (v - lo);
        w[hi] += v - lo;
        return w;
    }

    private static double[] tfliteLinear(int y, int in, int out, Flags f) {
        float scale = tfliteScale(in, out, f);
        float v = f.halfPixelCenters() ? (y + 0.5f) * scale - 0.5f : y * scale;
        int lo = Math.max((int) Math.floor(v), 0);
        int hi = Math.min((int) Math.ceil(v), in - 1);
        double[] w = new double[in];
        if (lo > in - 1) {
            return null;
        }
        w[lo] += 1 - (v - lo);
        w[hi] += v - lo;
        return w;
    }

    private static boolean sameBlend(double[] a, double[] b) {
        if (b == null) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > WEIGHT_TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
