package dev.mnc.cli;

import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.PreprocessingFlags;
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
        return new PreprocessingFlags(preset, resize, crop, mean, std, scale, bgr, filter).resolve();
    }
}
