package dev.mnc.frontend.onnx;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Resize;
import dev.mnc.ir.ops.Resize.CoordMode;
import dev.mnc.ir.ops.Resize.NearestMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resize (opsets 10 to 19) and its predecessor Upsample (7 to 9) as IR {@link Resize} of the two
 * spatial axes; batch and channels must keep their size.
 *
 * <ul>
 *   <li>Upsample 7 (scales attribute), Upsample 9 and Resize 10 (scales input): output size
 *       floor(in * scale), asymmetric coordinates; nearest takes the floor when enlarging and the
 *       ceiling when shrinking (what these opsets did before {@code nearest_mode} existed).
 *   <li>Resize 11+: roi, scales, sizes inputs (scales or sizes, constant), with
 *       {@code coordinate_transformation_mode} and {@code nearest_mode}; from 18 {@code axes},
 *       {@code antialias} (refused when it would change a linear downscale) and
 *       {@code keep_aspect_ratio_policy} (only {@code stretch}).
 * </ul>
 * Cubic interpolation and the {@code tf_crop_and_resize} and {@code half_pixel_symmetric}
 * coordinate modes are refused.
 */
final class ResizeOps {
    private ResizeOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("Resize", ResizeOps::resize);
        m.put("Upsample", ResizeOps::upsample);
    }

    private static void upsample(OnnxNode n, ImportContext ctx) {
        float[] scales;
        if (n.opset() < 9) {
            n.requireInputs(1, 1);
            scales = n.attrs().getFloats("scales", null);
            if (scales == null) {
                throw new MncException("attribute 'scales' is required");
            }
        } else {
            n.requireInputs(2, 2);
            scales = ctx.constant(n.input(1), "Upsample scales").toFloats();
        }
        for (float s : scales) {
            if (!(s >= 1)) {
                throw new MncException("Upsample scales " + Arrays.toString(scales) + " must be >= 1");
            }
        }
        String mode = n.attrs().getString("mode", "nearest");
        Value x = ctx.value(n.input(0));
        emitLegacy(n, ctx, x, mode.equals("bilinear") ? "linear" : mode, scales);
    }

    private static void resize(OnnxNode n, ImportContext ctx) {
        NodeAttributes a = n.attrs();
        String mode = a.getString("mode", "nearest");
        if (n.opset() < 11) {
            n.requireInputs(2, 2);
            emitLegacy(n, ctx, ctx.value(n.input(0)), mode, ctx.constant(n.input(1), "Resize scales").toFloats());
            return;
        }
        n.requireInputs(1, 4);
        Value x = ctx.value(n.input(0));
        Args.requireImage(x, "Resize");
        String coordName = a.getString("coordinate_transformation_mode", "half_pixel");
        String nearestName = a.getString("nearest_mode", "round_prefer_floor");
        a.ignore("cubic_coeff_a", "extrapolation_value");
        if (a.getInt("exclude_outside", 0) != 0) {
            throw new MncException("exclude_outside is only defined for cubic mode, which is not supported");
        }
        String policy = a.getString("keep_aspect_ratio_policy", "stretch");
        if (!policy.equals("stretch")) {
            throw new MncException("keep_aspect_ratio_policy '" + policy + "' is not supported (only stretch)");
        }
        long[] axes = a.getInts("axes", null);
        float[] scales = null;
        long[] sizes = null;
        if (n.hasInput(2)) {
            TensorData s = ctx.constant(n.input(2), "Resize scales");
            if (s.size() > 0) {
                scales = s.toFloats();
            }
        }
        if (n.hasInput(3)) {
            TensorData s = ctx.constant(n.input(3), "Resize sizes");
            if (s.size() > 0) {
                sizes = s.toLongs();
            }
        }
        if ((scales == null) == (sizes == null)) {
            throw new MncException("exactly one of scales and sizes must be given");
        }
        long[] in = x.shape().toLongArray();
        if (axes != null) {
            int[] ax = Args.axes("axes", axes, 4);
            if (scales != null) {
                scales = spread(scales, ax, 1f);
            } else {
                long[] full = in.clone();
                if (sizes.length != ax.length) {
                    throw new MncException("sizes " + Arrays.toString(sizes) + " do not match axes " + Arrays.toString(axes));
                }
                for (int i = 0; i < ax.length; i++) {
                    full[ax[i]] = sizes[i];
                }
                sizes = full;
            }
        }
        long[] out = new long[2];
        float[] sc = new float[2];
        if (scales != null) {
            checkSpatialOnly(scales.length, scales[0] == 1f && (scales.length < 2 || scales[1] == 1f), "scales",
                    Arrays.toString(scales));
            for (int i = 0; i < 2; i++) {
                sc[i] = scales[i + 2];
                out[i] = scaledSize(sc[i], in[i + 2]);
            }
        } else {
            checkSpatialOnly(sizes.length, sizes[0] == in[0] && (sizes.length < 2 || sizes[1] == in[1]), "sizes",
                    Arrays.toString(sizes));
            for (int i = 0; i < 2; i++) {
                out[i] = sizes[i + 2];
                sc[i] = (float) out[i] / (float) in[i + 2];
            }
        }
        Resize.Mode m = mode(mode);
        if (a.getInt("antialias", 0) != 0 && m == Resize.Mode.LINEAR && (sc[0] < 1 || sc[1] < 1)) {
            throw new MncException("antialias on a linear downscale is not supported");
        }
        CoordMode coord = switch (coordName) {
            case "half_pixel" -> CoordMode.HALF_PIXEL;
            case "asymmetric" -> CoordMode.ASYMMETRIC;
            case "align_corners" -> CoordMode.ALIGN_CORNERS;
            case "pytorch_half_pixel" -> CoordMode.PYTORCH_HALF_PIXEL;
            case "tf_half_pixel_for_nn" -> CoordMode.TF_HALF_PIXEL_FOR_NN;
            default -> throw new MncException("coordinate_transformation_mode '" + coordName + "' is not supported");
        };
        NearestMode nearest = switch (nearestName) {
            case "round_prefer_floor" -> NearestMode.ROUND_PREFER_FLOOR;
            case "round_prefer_ceil" -> NearestMode.ROUND_PREFER_CEIL;
            case "floor" -> NearestMode.FLOOR;
            case "ceil" -> NearestMode.CEIL;
            default -> throw new MncException("nearest_mode '" + nearestName + "' is not supported");
        };
        if (m != Resize.Mode.NEAREST) {
            nearest = NearestMode.ROUND_PREFER_FLOOR;
        }
        ctx.emit(n, new Resize(m, coord, nearest, out, sc, Layout.NCHW), List.of(x), n.output(0));
    }

    /** Upsample and Resize-10: asymmetric coordinates, nearest rounding by direction. */
    private static void emitLegacy(OnnxNode n, ImportContext ctx, Value x, String mode, float[] scales) {
        Args.requireImage(x, n.opType());
        checkSpatialOnly(scales.length, scales.length == 4 && scales[0] == 1f && scales[1] == 1f, "scales",
                Arrays.toString(scales));
        long[] in = x.shape().toLongArray();
        float[] sc = {scales[2], scales[3]};
        long[] out = {scaledSize(sc[0], in[2]), scaledSize(sc[1], in[3])};
        boolean shrinks = sc[0] < 1 || sc[1] < 1;
        boolean grows = sc[0] > 1 || sc[1] > 1;
        Resize.Mode m = mode(mode);
        if (m == Resize.Mode.NEAREST && shrinks && grows) {
            throw new MncException("nearest resize that grows one axis and shrinks the other is not supported at opset "
                    + n.opset() + "; re-export at opset 11 or later");
        }
        NearestMode nearest = m == Resize.Mode.NEAREST && shrinks ? NearestMode.CEIL
                : m == Resize.Mode.NEAREST ? NearestMode.FLOOR : NearestMode.ROUND_PREFER_FLOOR;
        ctx.emit(n, new Resize(m, CoordMode.ASYMMETRIC, nearest, out, sc, Layout.NCHW), List.of(x), n.output(0));
    }

    private static Resize.Mode mode(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "nearest" -> Resize.Mode.NEAREST;
            case "linear" -> Resize.Mode.LINEAR;
            default -> throw new MncException("mode '" + mode + "' is not supported (nearest, linear)");
        };
    }

    /** ONNX Runtime's output size: the float product, truncated. */
    private static long scaledSize(float scale, long in) {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new MncException("scale " + scale + " is not a positive finite number");
        }
        return (long) (scale * (float) in);
    }

    private static void checkSpatialOnly(int length, boolean keepsBatchAndChannels, String what, String values) {
        if (length != 4) {
            throw new MncException(what + " " + values + " must have 4 values for an N,C,H,W input");
        }
        if (!keepsBatchAndChannels) {
            throw new MncException(what + " " + values + " resize batch or channels; only H and W may change");
        }
    }

    private static float[] spread(float[] values, int[] axes, float fill) {
        if (values.length != axes.length) {
            throw new MncException("scales " + Arrays.toString(values) + " do not match axes " + Arrays.toString(axes));
        }
        float[] out = new float[4];
        Arrays.fill(out, fill);
        for (int i = 0; i < axes.length; i++) {
            out[axes[i]] = values[i];
        }
        return out;
    }
}
