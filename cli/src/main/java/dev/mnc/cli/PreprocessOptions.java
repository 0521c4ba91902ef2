package dev.mnc.cli;

import dev.mnc.ir.MncException;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Resampler;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How images become model inputs: a preset plus overrides. Unused for .npy inputs. */
final class PreprocessOptions {
    @Option(names = "--preprocess", paramLabel = "PRESET",
            description = "Image preprocessing preset: torchvision (resize 256, crop 224, ImageNet mean/std), "
                    + "tf (resize size/0.875, crop, x/127.5-1) or none (raw 0..255, image must have the model's size).")
    String preset;

    @Option(names = "--resize", paramLabel = "N|HxW",
            description = "Resize the shorter side to N (keeping the aspect ratio), or stretch to exactly HxW.")
    String resize;

    @Option(names = "--crop", negatable = true, description = "Centre-crop to the model's input size (--no-crop to skip).")
    Boolean crop;

    @Option(names = "--mean", paramLabel = "R,G,B", split = ",", description = "Per-channel mean subtracted after scaling.")
    float[] mean;

    @Option(names = "--std", paramLabel = "R,G,B", split = ",", description = "Per-channel std divided by after subtracting the mean.")
    float[] std;

    @Option(names = "--scale", paramLabel = "S", description = "Multiply pixels (0..255) by S first, e.g. 0.00392157 for 1/255.")
    Float scale;

    @Option(names = "--bgr", description = "Feed channels in BGR order.")
    boolean bgr;

    @Option(names = "--resize-filter", paramLabel = "FILTER",
            description = "pil-bilinear (antialiased, as torchvision on PIL images), bilinear or nearest.")
    String filter;

    /** The preprocessing asked for; null when no option was given at all. */
    Preprocessing toPreprocessing() {
        boolean any = preset != null || resize != null || crop != null || mean != null || std != null || scale != null
                || bgr || filter != null;
        if (!any) {
            return null;
        }
        Preprocessing p = preset == null ? Preprocessing.none() : Preprocessing.preset(preset);
        if (resize != null) {
            String r = resize.toLowerCase(Locale.ROOT);
            try {
                if (r.contains("x")) {
                    String[] hw = r.split("x");
                    p = p.withExactSize(Integer.parseInt(hw[0].strip()), Integer.parseInt(hw[1].strip()));
                } else {
                    p = p.withShorterSide(Integer.parseInt(r.strip()));
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new MncException("--resize takes N or HxW, not '" + resize + "'");
            }
            if (crop == null && r.contains("x")) {
                p = p.withCrop(false);
            }
        }
        if (crop != null) {
            p = p.withCrop(crop);
        } else if (resize != null && !resize.contains("x")) {
            p = p.withCrop(true);
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
            p = p.withFilter(switch (filter.toLowerCase(Locale.ROOT)) {
                case "pil-bilinear" -> Resampler.Filter.PIL_BILINEAR;
                case "bilinear" -> Resampler.Filter.BILINEAR;
                case "nearest" -> Resampler.Filter.NEAREST;
                default -> throw new MncException("--resize-filter must be pil-bilinear, bilinear or nearest");
            });
        }
        return p;
    }
}
