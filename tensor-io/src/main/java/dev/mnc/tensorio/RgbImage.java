package dev.mnc.tensorio;

/**
 * An 8-bit RGB image, interleaved row-major ({@code pixels[(y*width + x)*3 + c]}, values 0..255).
 * The common currency of decoding, resizing and cropping.
 */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        if (width <= 0 || height <= 0 || pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException("bad image geometry " + width + "x" + height);
        }
    }

    /** Channel {@code c} of pixel (x, y) as 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xff;
    }
}
