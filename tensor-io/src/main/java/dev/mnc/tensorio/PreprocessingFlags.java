package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import java.util.Locale;

/**
 * Preprocessing as users spell it, on the command line ({@code --preprocess --resize ...}) or in
 * the Maven plugin's configuration: a preset plus overrides, each null (or false) when not given.
 * One place turns the spelling into a {@link Preprocessing}, so both front ends agree.
 *
 * @param preset {@code torchvision}, {@code tf} or {@code none}
 * @param resize {@code N} (shorter side to N, keeping the aspect ratio, then a centre crop unless
 *     {@code crop} says otherwise) or {@code HxW} (stretch to exactly H by W, no crop)
 * @param crop centre-crop to the model's input size
 * @param mean per-channel mean subtracted after scaling
 * @param std per-channel divisor after the mean
 * @param scale factor applied to 0..255 pixels first
 * @param bgr feed channels in BGR order
 * @param filter {@code pil-bilinear}, {@code bilinear} or {@code nearest}
 */
public record PreprocessingFlags(String preset, String resize, Boolean crop, float[] mean, float[] std, Float scale,
        boolean bgr, String filter) {

    /** True when no flag was given at all. */
    public boolean isEmpty() {
        return preset == null && resize == null && crop == null && mean == null && std == null && scale == null && !bgr
                && filter == null;
    }

    /** The preprocessing these flags describe; null when none was given. */
    public Preprocessing resolve() {
        if (isEmpty()) {
            return null;
        }
        Preprocessing p = preset == null ? Preprocessing.none() : Preprocessing.preset(preset);
        boolean exact = false;
        if (resize != null) {
            String r = resize.toLowerCase(Locale.ROOT).strip();
            try {
                if (r.contains("x")) {
                    String[] hw = r.split("x", -1);
                    if (hw.length != 2) {
                        throw new NumberFormatException(r);
                    }
                    p = p.withExactSize(Integer.parseInt(hw[0].strip()), Integer.parseInt(hw[1].strip()));
                    exact = true;
                } else {
                    p = p.withShorterSide(Integer.parseInt(r));
                }
            } catch (NumberFormatException e) {
                throw new MncException("resize takes N or HxW, not '" + resize + "'");
            }
            p = p.withCrop(!exact);
        }
        if (crop != null) {
            p = p.withCrop(crop);
        }
        if (mean != null) {
            p = p.withMean(mean);
        }
        if (std != null) {
            p = p.withStd(std);
        }
        if (scale != null) {
            p = p.withScale(scale);
        }
        if (bgr) {
            p = p.withBgr(true);
        }
        if (filter != null) {
            p = p.withFilter(switch (filter.toLowerCase(Locale.ROOT).strip()) {
                case "pil-bilinear" -> Resampler.Filter.PIL_BILINEAR;
                case "bilinear" -> Resampler.Filter.BILINEAR;
                case "nearest" -> Resampler.Filter.NEAREST;
                default -> throw new MncException("the resize filter must be pil-bilinear, bilinear or nearest, not '"
                        + filter + "'");
            });
        }
        return p;
    }
}
