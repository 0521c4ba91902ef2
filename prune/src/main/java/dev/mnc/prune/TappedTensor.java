package dev.mnc.prune;

/**
 * One tensor a calibration run produced, as the runtime computed it. An image is channels-last
 * ({@code [N, H, W, C]}, how the runtime lays it out); a tensor without spatial axes ({@code [N, F]})
 * has {@code height == width == 1}; any other tensor is channels-first with its trailing dims
 * flattened into {@code height} (and {@code width == 1}).
 */
record TappedTensor(int batch, int channels, int height, int width, boolean channelsLast, float[] data) {

    /** Element (n, c, y, x). */
    float at(int n, int c, int y, int x) {
        if (channelsLast) {
            return data[((n * height + y) * width + x) * channels + c];
        }
        return data[((n * channels + c) * height + y) * width + x];
    }

    /** Positions per channel: batch * height * width. */
    int positions() {
        return batch * height * width;
    }
}
