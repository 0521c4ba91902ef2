package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG and BMP files (javax.imageio) into {@link RgbImage}s the way PIL's
 * {@code Image.convert("RGB")} does, so preprocessing matches torchvision's: grayscale is copied
 * to all three channels as is (no gamma conversion, which {@code BufferedImage.getRGB} would apply
 * to gray images), alpha is dropped (not composited), palettes are expanded, 16-bit samples keep
 * their high byte.
 */
public final class ImageDecoder {
    /**
     * Images with more pixels are refused, from the size in the file's header before anything is
     * decoded: a damaged or hostile 200-byte PNG may declare 48x8,000,000 pixels, and decoding
     * allocates the whole raster first. 100 M pixels (a 10000x10000 photo, twice a 50 MP camera's)
     * decode into at most 400 MB of raster and 300 MB of RGB; Pillow similarly refuses images over
     * about 179 M pixels as decompression bombs.
     */
    static final long MAX_PIXELS = 100_000_000L;

    private ImageDecoder() {}

    public static RgbImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MncException(file + ": " + (Files.exists(file) ? "is not a regular file" : "file not found"));
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            img = in == null ? null : decode(in, file);
        } catch (MncException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MncException(file + ": not a readable image (" + e.getMessage() + "); JPEG, PNG and BMP are supported", e);
        }
        if (img == null) {
            throw new MncException(file + ": not a readable image; JPEG, PNG and BMP are supported");
        }
        return toRgb(img);
    }

    /** The first image of the stream, or null if no reader knows the format; the size is checked before decoding. */
    private static BufferedImage decode(ImageInputStream in, Path file) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            long w = reader.getWidth(0);
            long h = reader.getHeight(0);
            if (w * h > MAX_PIXELS) {
                throw new MncException(file + ": image of " + w + "x" + h + " pixels is larger than the "
                        + MAX_PIXELS / 1_000_000 + " M pixels mnc decodes; scale it down first");
            }
            return reader.read(0);
        } finally {
            reader.dispose();
        }
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
