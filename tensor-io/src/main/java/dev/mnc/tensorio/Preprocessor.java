package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import java.nio.file.Path;

/**
 * Applies a {@link Preprocessing} to an image file, producing a float32 tensor of the model's
 * input shape: {@code [1, 3, H, W]} when {@code channelsFirst}, else {@code [1, H, W, 3]}.
 */
public final class Preprocessor {
    /**
     * Most pixels an image may have after resizing, or unresized with {@code --preprocess none} (in
     * float samples, 600 MB): far above any model input, but refuses what a very thin image becomes
     * when its shorter side is scaled up (a 20000x1 line resized to a shorter side of 256 would be
     * 5120000x256).
     */
    static final long MAX_RESIZED_PIXELS = 50_000_000L;

    private final Preprocessing p;
    private final int height;
    private final int width;
    private final boolean channelsFirst;

    /**
     * @param height model input height
     * @param width model input width
     * @param channelsFirst NCHW input (ONNX models) rather than NHWC (TFLite)
     */
    public Preprocessor(Preprocessing p, int height, int width, boolean channelsFirst) {
        if (height <= 0 || width <= 0) {
            throw new MncException("model input size " + height + "x" + width + " is not positive");
        }
        this.p = p;
        this.height = height;
        this.width = width;
        this.channelsFirst = channelsFirst;
    }

    /**
     * A preprocessor for a model input shape: rank 4 with 3 channels, either [N,3,H,W] or [N,H,W,3].
     */
    public static Preprocessor forInputShape(Preprocessing p, long[] shape, String inputName) {
        if (shape.length != 4) {
            throw new MncException("input '" + inputName + "' has shape " + Shape.of(shape)
                    + "; images can only feed a rank-4 image input (use .npy files instead)");
        }
        if (shape[1] == 3) {
            return new Preprocessor(p, Math.toIntExact(shape[2]), Math.toIntExact(shape[3]), true);
        }
        if (shape[3] == 3) {
            return new Preprocessor(p, Math.toIntExact(shape[1]), Math.toIntExact(shape[2]), false);
        }
        throw new MncException("input '" + inputName + "' has shape " + Shape.of(shape)
                + ", which has no 3-channel axis for an RGB image; use .npy files instead");
    }

    public TensorData apply(Path image) {
        try {
            return apply(ImageDecoder.read(image));
        } catch (MncException e) {
            throw e.getMessage().startsWith(image.toString()) ? e : e.within(image.toString());
        }
    }

    public TensorData apply(RgbImage img) {
        FloatImage resized = resize(img);
        FloatImage cropped = crop(resized);
        return normalize(cropped);
    }

    private FloatImage resize(RgbImage img) {
        long w = img.width();
        long h = img.height();
        long ow;
        long oh;
        switch (p.resize()) {
            case NONE -> {
                ow = w;
                oh = h;
            }
            case EXACT -> {
                ow = p.resizeWidth();
                oh = p.resizeHeight();
            }
            default -> {
                int target = p.resizeSize() > 0 ? p.resizeSize() : (int) Math.floor(Math.min(height, width) / 0.875);
                // torchvision: the shorter side becomes target, the longer one int(target * long / short).
                ow = w <= h ? target : target * w / h;
                oh = w <= h ? target * h / w : target;
            }
        }
        if (ow * oh > MAX_RESIZED_PIXELS) {
            String limit = MAX_RESIZED_PIXELS / 1_000_000 + " M pixels";
            throw new MncException(p.resize() == Preprocessing.Resize.NONE
                    ? "image of " + w + "x" + h + " has more than " + limit + " to use unresized; resize it with --resize HxW"
                    : "image of " + w + "x" + h + " would be " + ow + "x" + oh + " after resizing, more than " + limit
                            + "; crop it to a usual aspect ratio or resize it with --resize HxW");
        }
        return p.resize() == Preprocessing.Resize.NONE ? FloatImage.of(img)
                : Resampler.resize(img, (int) ow, (int) oh, p.filter());
    }

    private FloatImage crop(FloatImage img) {
        if (!p.crop()) {
            if (img.width() != width || img.height() != height) {
                throw new MncException("image is " + img.width() + "x" + img.height() + " after resizing but the model"
                        + " takes " + width + "x" + height + "; use --preprocess torchvision or tf, or --resize/--crop");
            }
            return img;
        }
        if (img.width() < width || img.height() < height) {
            throw new MncException("image is " + img.width() + "x" + img.height() + " after resizing, smaller than the"
                    + " model's " + width + "x" + height + " crop; resize to a larger size");
        }
        // torchvision's CenterCrop: offsets round half to even, like Python's round().
        int top = (int) Math.rint((img.height() - height) / 2.0);
        int left = (int) Math.rint((img.width() - width) / 2.0);
        return img.crop(left, top, width, height);
    }

    private TensorData normalize(FloatImage img) {
        float[] mean = p.mean();
        float[] std = p.std();
        float scale = p.scale();
        float[] src = img.data();
        int plane = height * width;
        float[] out = new float[plane * 3];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                int sc = p.bgr() ? 2 - c : c;
                float v = (src[i * 3 + sc] * scale - mean[c]) / std[c];
                out[channelsFirst ? c * plane + i : i * 3 + c] = v;
            }
        }
        Shape shape = channelsFirst ? Shape.of(1, 3, height, width) : Shape.of(1, height, width, 3);
        return TensorData.ofFloats(shape, out);
    }
}
