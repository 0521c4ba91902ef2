package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes JPEG, PNG and BMP files (javax.imageio) into {@link RgbImage}s the way PIL's
 * {@code Image.convert("RGB")} does, so preprocessing matches torchvision's: grayscale is copied
 * to all three channels as is (no gamma conversion, which {@code BufferedImage.getRGB} would apply
 * to gray images), alpha is dropped (not composited), palettes are expanded, 16-bit samples keep
 * their high byte.
 */
public final class ImageDecoder {
    /** Refuse images whose pixel count would exhaust memory (a 20000x20000 photo is already huge). */
    static final long MAX_PIXELS = 400_000_000L;

    private ImageDecoder() {}

    public static RgbImage read(Path file) {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new MncException(file + ": not a readable image (" + e.getMessage() + "); JPEG, PNG and BMP are supported", e);
        }
        if (img == null) {
            throw new MncException(file + ": not a readable image; JPEG, PNG and BMP are supported");
        }
        if ((long) img.getWidth() * img.getHeight() > MAX_PIXELS) {
            throw new MncException(file + ": image of " + img.getWidth() + "x" + img.getHeight() + " is too large");
        }
        return toRgb(img);
    }

    static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        boolean gray = !(cm instanceof IndexColorModel) && cm.getColorSpace().getNumComponents() == 1;
        if (gray) {
            int bits = cm.getComponentSize(0);
            int shift = Math.max(0, bits - 8);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (row[x] >> shift);
                    int o = (y * w + x) * 3;
                    out[o] = v;
                    out[o + 1] = v;
                    out[o + 2] = v;
                }
            }
        } else if (!(cm instanceof IndexColorModel) && cm.getColorSpace().isCS_sRGB() && bands >= 3
                && cm.getComponentSize(0) > 8) {
            // 16-bit RGB(A): keep the high byte of each sample, like PIL.
            int shift = cm.getComponentSize(0) - 8;
            int[] px = new int[bands];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.getPixel(x, y, px);
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (px[0] >> shift);
                    out[o + 1] = (byte) (px[1] >> shift);
                    out[o + 2] = (byte) (px[2] >> shift);
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = row[x];
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (argb >> 16);
                    out[o + 1] = (byte) (argb >> 8);
                    out[o + 2] = (byte) argb;
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
