package dev.mnc.runtime.kernels;

/**
 * The shape of a 2-D convolution (or its transpose) in NHWC: batch, input and output sizes, kernel,
 * strides, dilations, the top/left pads (the bottom/right ones follow from the sizes) and groups.
 * Output row oy reads input rows oy*sy - padTop + ky*dy for ky in [0, kh).
 */
public record ConvGeometry(int batch, int inH, int inW, int inC, int outH, int outW, int outC, int kh, int kw, int sy,
        int sx, int dy, int dx, int padTop, int padLeft, int group) {

    /** Input channels per group. */
    public int inPerGroup() {
        return inC / group;
    }

    /** Output channels per group. */
    public int outPerGroup() {
        return outC / group;
    }

    /** Output pixels over the whole batch. */
    public int outPixels() {
        return batch * outH * outW;
    }

    /** Length of one im2col row: kh * kw * input channels per group. */
    public int patchSize() {
        return kh * kw * inPerGroup();
    }

    /** Depthwise: one group per input channel (each output channel reads one input channel). */
    public boolean isDepthwise() {
        return group == inC && group > 1;
    }

    /**
     * 1x1, stride 1, unpadded and ungrouped: the input already is the GEMM's left matrix (an output
     * as large as the input with a 1x1 stride-1 window means no bottom or right pad either).
     */
    public boolean isPointwise() {
        return kh == 1 && kw == 1 && sy == 1 && sx == 1 && padTop == 0 && padLeft == 0 && outH == inH && outW == inW
                && group == 1;
    }

    /**
     * Offset from the input's start of channel 0 of the input pixel that tap (ky, kx) of output
     * pixel (n, oy, ox) reads, or -1 when the tap falls in the padding: the gather of every im2col,
     * float and int8, in one place.
     */
    public int tapOffset(int n, int oy, int ox, int ky, int kx) {
        int iy = oy * sy - padTop + ky * dy;
        int ix = ox * sx - padLeft + kx * dx;
        return iy >= 0 && iy < inH && ix >= 0 && ix < inW ? ((n * inH + iy) * inW + ix) * inC : -1;
    }
}
