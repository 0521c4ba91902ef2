package dev.mnc.tensorio;

/**
 * A 3-channel image with float samples on the 0..255 scale, interleaved row-major
 * ({@code data[(y*width + x)*3 + c]}): what resizing produces and cropping and normalization read.
 */
public record FloatImage(int width, int height, float[] data) {

    public FloatImage {
        if (width <= 0 || height <= 0 || data.length != (long) width * height * 3) {
            throw new IllegalArgumentException("bad image geometry " + width + "x" + height);
        }
    }

    static FloatImage of(RgbImage img) {
        byte[] p = img.pixels();
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] & 0xff;
        }
        return new FloatImage(img.width(), img.height(), out);
    }

    /** The rectangle at (left, top) of the given size. */
    public FloatImage crop(int left, int top, int w, int h) {
        if (left < 0 || top < 0 || left + w > width || top + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + left + "+" + top + " outside "
                    + width + "x" + height);
        }
        float[] out = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(data, ((top + y) * width + left) * 3, out, y * w * 3, w * 3);
        }
        return new FloatImage(w, h, out);
    }
}
