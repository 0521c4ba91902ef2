package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.Quantization;

/**
 * The int8 hot loops in plain Java (see {@link Int8Kernels}): {@link GemmQ8}'s row and transposed
 * schedules and {@link DepthwiseRowsQ8}, whose inner loops C2 vectorizes, and the scalar output
 * stage of {@link ConvParams}.
 */
final class ScalarInt8Kernels extends Int8Kernels {
    static final ScalarInt8Kernels INSTANCE = new ScalarInt8Kernels();

    private ScalarInt8Kernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public boolean transposes(int m, int k, int n) {
        return GemmQ8.transposed(m, k, n);
    }

    @Override
    public void gemm(ConvParams p, byte[] a, int aOff, int lda, GemmQ8.Packed b, int[] bias, int biasOff, byte[] c,
            int cOff, int ldc, int channel0, int m0, int m1, GemmQ8.Scratch s) {
        if (s.at != null) {
            GemmQ8.runTransposed(p, a, aOff, lda, b, bias, biasOff, c, cOff, ldc, channel0, m0, m1, s);
        } else {
            GemmQ8.run(p, a, aOff, lda, b, bias, biasOff, c, cOff, ldc, channel0, m0, m1, s);
        }
    }

    @Override
    public void elementwise(ElementwiseQ8.Params p, byte[] a, int ao, int aStep, byte[] b, int bo, int bStep, byte[] y,
            int yo, int n) {
        ElementwiseQ8.row(p, a, ao, aStep, b, bo, bStep, y, yo, n);
    }

    @Override
    public void depthwise(ConvGeometry g, ConvParams p, byte[] x, int xOff, DepthwiseRowsQ8.Weights w, byte[] y,
            int yOff, int r0, int r1, DepthwiseRowsQ8.Scratch s) {
        DepthwiseRowsQ8.run(g, p, x, xOff, w, y, yOff, r0, r1, s);
    }

    @Override
    public boolean replicatesDepthwise() {
        return true;
    }

    @Override
    public void quantize(float[] x, int xo, byte[] y, int yo, float scale, int zp, int lo, int hi, int n) {
        Quantization.perTensorToBytes(x, xo, y, yo, scale, zp, lo, hi, n);
    }
}
