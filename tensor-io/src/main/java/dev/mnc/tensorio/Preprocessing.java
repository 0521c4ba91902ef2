package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an image becomes a model input: resize, centre crop, scale, normalize, channel order and
 * layout. Each output value is {@code (pixel * scale - mean[c]) / std[c]} with pixel in 0..255.
 *
 * <p>Presets, for a model input of size S x S:
 * <ul>
 *   <li>{@code torchvision}: shorter side to floor(S / 0.875) (256 for 224) with PIL's antialiased
 *       bilinear filter, centre crop S, scale 1/255, ImageNet mean 0.485/0.456/0.406 and std
 *       0.229/0.224/0.225, RGB.</li>
 *   <li>{@code tf}: shorter side to floor(S / 0.875) with plain bilinear, centre crop S,
 *       x / 127.5 - 1, RGB.</li>
 *   <li>{@code none}: no resize or crop (the image must already be S x S), raw 0..255 values.</li>
 * </ul>
 *
 * @param resize how to resize before cropping
 * @param resizeSize shorter-side length for {@link Resize#SHORTER_SIDE}; 0 means floor(crop / 0.875)
 * @param resizeHeight exact height for {@link Resize#EXACT}
 * @param resizeWidth exact width for {@link Resize#EXACT}
 * @param crop whether to centre-crop to the model's input size
 */
public record Preprocessing(Resize resize, int resizeSize, int resizeHeight, int resizeWidth, boolean crop,
        Resampler.Filter filter, float scale, float[] mean, float[] std, boolean bgr) {

    /** Resize strategies. */
    public enum Resize {
        /** Keep the image size. */
        NONE,
        /** Scale so the shorter side has a given length, keeping the aspect ratio (torchvision's Resize(int)). */
        SHORTER_SIDE,
        /** Stretch to exactly height x width. */
        EXACT
    }

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public Preprocessing {
        if (mean.length != 3 || std.length != 3) {
            throw new MncException("mean and std need 3 values (one per channel), got " + Arrays.toString(mean)
                    + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s != 0) || Float.isNaN(s)) {
                throw new MncException("std values must be non-zero, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    public static Preprocessing torchvision() {
        return new Preprocessing(Resize.SHORTER_SIDE, 0, 0, 0, true, Resampler.Filter.PIL_BILINEAR, 1f / 255f,
                IMAGENET_MEAN, IMAGENET_STD, false);
    }

    public static Preprocessing tf() {
        return new Preprocessing(Resize.SHORTER_SIDE, 0, 0, 0, true, Resampler.Filter.BILINEAR, 1f / 127.5f,
                new float[] {1, 1, 1}, new float[] {1, 1, 1}, false);
    }

    public static Preprocessing none() {
        return new Preprocessing(Resize.NONE, 0, 0, 0, false, Resampler.Filter.PIL_BILINEAR, 1f,
                new float[] {0, 0, 0}, new float[] {1, 1, 1}, false);
    }

    /** The preset called {@code name}: torchvision, tf or none. */
    public static Preprocessing preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "torchvision", "torch", "pytorch" -> torchvision();
            case "tf", "tensorflow" -> tf();
            case "none" -> none();
            default -> throw new MncException("unknown preprocessing preset '" + name + "' (known: torchvision, tf, none)");
        };
    }

    public Preprocessing withShorterSide(int size) {
        return new Preprocessing(Resize.SHORTER_SIDE, size, 0, 0, crop, filter, scale, mean, std, bgr);
    }

    public Preprocessing withExactSize(int height, int width) {
        return new Preprocessing(Resize.EXACT, 0, height, width, crop, filter, scale, mean, std, bgr);
    }

    public Preprocessing withCrop(boolean c) {
        return new Preprocessing(resize, resizeSize, resizeHeight, resizeWidth, c, filter, scale, mean, std, bgr);
    }

    public Preprocessing withFilter(Resampler.Filter f) {
        return new Preprocessing(resize, resizeSize, resizeHeight, resizeWidth, crop, f, scale, mean, std, bgr);
    }

    public Preprocessing withScale(float s) {
        return new Preprocessing(resize, resizeSize, resizeHeight, resizeWidth, crop, filter, s, mean, std, bgr);
    }

    public Preprocessing withMean(float[] m) {
        return new Preprocessing(resize, resizeSize, resizeHeight, resizeWidth, crop, filter, scale, m, std, bgr);
    }

    public Preprocessing withStd(float[] s) {
        return new Preprocessing(resize, resizeSize, resizeHeight, resizeWidth, crop, filter, scale, mean, s, bgr);
    }

    public Preprocessing withBgr(boolean b) {
        return new Preprocessing(resize, resizeSize, resizeHeight, resizeWidth, crop, filter, scale, mean, std, b);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** One line for logs and model metadata. */
    public String describe() {
        String r = switch (resize) {
            case NONE -> "no resize";
            case SHORTER_SIDE -> "shorter side " + (resizeSize == 0 ? "size/0.875" : Integer.toString(resizeSize));
            case EXACT -> "resize " + resizeHeight + "x" + resizeWidth;
        };
        return r + ", " + (crop ? "centre crop" : "no crop") + ", " + filter.name().toLowerCase(Locale.ROOT)
                + ", scale " + scale + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std)
                + (bgr ? ", BGR" : ", RGB");
    }
}
