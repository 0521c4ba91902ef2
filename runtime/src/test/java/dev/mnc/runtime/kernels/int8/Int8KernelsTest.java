package dev.mnc.runtime.kernels.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnc.runtime.kernels.Broadcast;
import dev.mnc.runtime.kernels.ConvGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both {@link Int8Kernels} implementations (the vector one when this JVM has
 * {@code jdk.incubator.vector}; surefire adds it) against plain integer loops written here: the
 * matrix product in both schedules and across several float runs of the depth, depthwise rows,
 * and add/sub/mul rows. Operands sit at the int8 extremes often enough that the largest products
 * (255 * 128) and float partial sums (near 2^22) occur, channel counts are awkward, and arrays
 * are used at non-zero offsets. Outputs must be identical bytes.
 */
class Int8KernelsTest {
    static final int[] CHANNELS = {1, 3, 7, 8, 15, 16, 17, 33};

    static Int8Kernels kernels(String name) {
        Int8Kernels k = name.equals("scalar") ? Int8Kernels.scalar() : Int8Kernels.vector();
        assumeTrue(k != null, "this JVM cannot run the vector kernels (needs --add-modules jdk.incubator.vector)");
        return k;
    }

    /** Random int8 values, a quarter of them at -128 or 127. */
    static byte[] bytes(SplittableRandom r, int n, int min, int max) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(8);
            b[i] = (byte) (pick == 0 ? min : pick == 1 ? max : min + r.nextInt(max - min + 1));
        }
        return b;
    }

    /** Per-channel requantization with multipliers from 2^-20 to 2, half up below {@code halfUpBelow}. */
    static ConvParams params(SplittableRandom r, int channels, int inputOffset, int outputOffset, int lo, int hi,
            int halfUpBelow, double scaleDown) {
        int[] mult = new int[channels];
        int[] shift = new int[channels];
        for (int o = 0; o < channels; o++) {
            QuantizedMultiplier m = QuantizedMultiplier.of(Math.scalb(0.5 + r.nextDouble(), -r.nextInt(20)) * scaleDown);
            mult[o] = m.multiplier();
            shift[o] = m.shift();
        }
        return new ConvParams(inputOffset, outputOffset, mult, shift, lo, hi, halfUpBelow);
    }

    /** TFLite's output stage for one accumulator of channel o, from {@link QuantizedMultiplier}'s reference code. */
    static byte requantize(ConvParams p, int acc, int o) {
        int m = p.outputMultiplier()[o];
        int s = p.outputShift()[o];
        int v = (o < p.halfUpBelow() ? QuantizedMultiplier.multiplyHalfUp(acc, m, s)
                : QuantizedMultiplier.multiply(acc, m, s)) + p.outputOffset();
        return (byte) Math.min(Math.max(v, p.activationMin()), p.activationMax());
    }

    static Stream<Arguments> products() {
        List<Arguments> out = new ArrayList<>();
        for (String k : new String[] {"scalar", "vector"}) {
            for (int n : CHANNELS) {
                for (int[] mk : new int[][] {{1, 33}, {5, 7}, {6, 16}, {9, 200}, {13, 129}, {40, 300}, {70, 27}}) {
                    out.add(Arguments.of(k, mk[0], mk[1], n));
                }
            }
            out.add(Arguments.of(k, 7, 1, 96));
            out.add(Arguments.of(k, 50, 640, 48));
            // B beyond GemmQ8.GROUP_ABOVE (rows from 2): a group of 48 rows, then tiles, or a lone row.
            out.add(Arguments.of(k, 97, 257, 150));
            out.add(Arguments.of(k, 51, 320, 1280));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} M={1} K={2} N={3}")
    @MethodSource("products")
    void gemmMatchesAPlainIntegerLoop(String name, int m, int k, int n) {
        Int8Kernels kernels = kernels(name);
        SplittableRandom r = new SplittableRandom(31L * m + 7L * k + n);
        // Input zero point -128 (offset 128) with inputs at 127 gives |x + offset| = 255.
        int inputOffset = m % 2 == 0 ? 128 : -127;
        byte[] w = bytes(r, n * k, -128, 127);
        int lda = k + 3;
        int aOff = 5;
        byte[] a = bytes(r, aOff + m * lda, -128, 127);
        int[] bias = new int[n + 2];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = r.nextInt(1 << 24) - (1 << 23);
        }
        ConvParams p = params(r, n, inputOffset, r.nextInt(256) - 128, -128, 127, n / 2, 1.0 / k);
        int ldc = n + 2;
        int cOff = 3;
        int m0 = m > 5 ? 2 : 0;
        byte[] c = new byte[cOff + m * ldc];
        GemmQ8.Packed packed = GemmQ8.Packed.ofOutputRows(w, 0, k, n);
        GemmQ8.Scratch s = new GemmQ8.Scratch(kernels.transposes(m - m0, k, n), k, n);
        kernels.gemm(p, a, aOff, lda, packed, bias, 2, c, cOff, ldc, 0, m0, m, s);
        for (int i = m0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long acc = bias[2 + j];
                for (int t = 0; t < k; t++) {
                    acc += (long) (a[aOff + i * lda + t] + inputOffset) * w[j * k + t];
                }
                assertThat(c[cOff + i * ldc + j]).as("row %d column %d", i, j).isEqualTo(requantize(p, (int) acc, j));
            }
        }
    }

    static Stream<Arguments> depthwise() {
        List<Arguments> out = new ArrayList<>();
        for (String k : new String[] {"scalar", "vector"}) {
            for (int c : CHANNELS) {
                // kernel, stride y/x, dilation, pads top/left/bottom/right
                out.add(Arguments.of(k, c, new int[] {3, 1, 1, 1, 1, 1, 1, 1}));
                out.add(Arguments.of(k, c, new int[] {3, 2, 1, 1, 0, 1, 2, 0}));
                out.add(Arguments.of(k, c, new int[] {3, 2, 2, 1, 0, 0, 1, 1}));
                out.add(Arguments.of(k, c, new int[] {5, 1, 1, 2, 4, 3, 4, 4}));
                out.add(Arguments.of(k, c, new int[] {5, 2, 1, 1, 2, 2, 2, 2}));
                out.add(Arguments.of(k, c, new int[] {7, 1, 2, 1, 3, 3, 3, 3}));
            }
            out.add(Arguments.of(k, 32, new int[] {3, 1, 1, 1, 1, 1, 1, 1}));
            out.add(Arguments.of(k, 144, new int[] {3, 2, 2, 1, 0, 0, 1, 1}));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} C={1} geometry={2}")
    @MethodSource("depthwise")
    void depthwiseMatchesAPlainIntegerLoop(String name, int c, int[] geo) {
        Int8Kernels kernels = kernels(name);
        SplittableRandom r = new SplittableRandom(c * 131L + geo[0] + 10L * geo[1] + 100L * geo[4]);
        int k = geo[0];
        int sy = geo[1];
        int sx = geo[2];
        int d = geo[3];
        int pt = geo[4];
        int pl = geo[5];
        int pb = geo[6];
        int pr = geo[7];
        int batch = 2;
        int h = 9;
        int wd = 20;
        int oh = (h + pt + pb - (d * (k - 1) + 1)) / sy + 1;
        int ow = (wd + pl + pr - (d * (k - 1) + 1)) / sx + 1;
        ConvGeometry g = new ConvGeometry(batch, h, wd, c, oh, ow, c, k, k, sy, sx, d, d, pt, pl, c);
        assertThat(DepthwiseRowsQ8.fits(kernels, g)).isTrue();
        int inputOffset = c % 2 == 0 ? 128 : -127;
        int xOff = 7;
        byte[] x = bytes(r, xOff + batch * h * wd * c, -128, 127);
        byte[] wt = bytes(r, c * k * k, -128, 127); // OHWI [C][k][k][1]
        int[] bias = new int[c + 1];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = r.nextInt(1 << 24) - (1 << 23);
        }
        ConvParams p = params(r, c, inputOffset, r.nextInt(256) - 128, -100, 120, 0, 1.0 / (k * k));
        DepthwiseRowsQ8.Weights weights = DepthwiseRowsQ8.Weights.of(kernels, DepthwiseQ8.packWeights(wt, c, k, k),
                bias, 1, c, ow);
        int yOff = 4;
        byte[] y = new byte[yOff + batch * oh * ow * c];
        DepthwiseRowsQ8.Scratch s = new DepthwiseRowsQ8.Scratch(kernels, g);
        // Two calls over consecutive row ranges, as two workers would split them.
        int split = batch * oh / 2 + 1;
        kernels.depthwise(g, p, x, xOff, weights, y, yOff, 0, split, s);
        kernels.depthwise(g, p, x, xOff, weights, y, yOff, split, batch * oh, s);
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        long acc = bias[1 + ch];
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * sy - pt + ky * d;
                                int ix = ox * sx - pl + kx * d;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                    acc += (long) (x[xOff + ((n * h + iy) * wd + ix) * c + ch] + inputOffset)
                                            * wt[(ch * k + ky) * k + kx];
                                }
                            }
                        }
                        int at = yOff + ((n * oh + oy) * ow + ox) * c + ch;
                        assertThat(y[at]).as("n %d y %d x %d channel %d", n, oy, ox, ch)
                                .isEqualTo(requantize(p, (int) acc, ch));
                    }
                }
            }
        }
    }

    static Stream<Arguments> elementwise() {
        List<Arguments> out = new ArrayList<>();
        for (String k : new String[] {"scalar", "vector"}) {
            for (int kind : new int[] {Broadcast.ADD, Broadcast.SUB, Broadcast.MUL}) {
                // scale a, zero point a, scale b, zero point b, scale y, zero point y
                out.add(Arguments.of(k, kind, new double[] {0.05, -5, 0.07, 10, 0.09, -128}));
                out.add(Arguments.of(k, kind, new double[] {0.5, -128, 0.25, 127, 1.0, 127}));
                out.add(Arguments.of(k, kind, new double[] {0.001, 3, 0.3, -7, 0.0002, 0}));
                out.add(Arguments.of(k, kind, new double[] {2.0, 0, 1e-4, 100, 40.0, -3}));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} kind={1} quantization={2}")
    @MethodSource("elementwise")
    void elementwiseMatchesTflitesFormulas(String name, int kind, double[] q) {
        Int8Kernels kernels = kernels(name);
        float sa = (float) q[0];
        float sb = (float) q[2];
        float sy = (float) q[4];
        int za = (int) q[1];
        int zb = (int) q[3];
        int zy = (int) q[5];
        ActivationRange act = new ActivationRange(-120, 127);
        ElementwiseQ8.Params p = kind == Broadcast.MUL ? ElementwiseQ8.mul(sa, za, sb, zb, sy, zy, act)
                : ElementwiseQ8.addSub(kind, sa, za, sb, zb, sy, zy, act);
        // Every pair of int8 values: a runs through all 256 per row, b is one value per row
        // (step 0, a broadcast) and then the whole table again (step 1) at an odd offset.
        byte[] a = new byte[1 + 256];
        byte[] b = new byte[3 + 256];
        for (int v = 0; v < 256; v++) {
            a[1 + v] = (byte) (v - 128);
            b[3 + v] = (byte) (127 - v);
        }
        byte[] y = new byte[2 + 256];
        for (int row = 0; row < 257; row++) {
            int bo = row < 256 ? 3 + row : 3;
            int bStep = row < 256 ? 0 : 1;
            kernels.elementwise(p, a, 1, 1, b, bo, bStep, y, 2, 256);
            for (int i = 0; i < 256; i++) {
                int qa = a[1 + i];
                int qb = b[bo + i * bStep];
                int raw;
                if (kind == Broadcast.MUL) {
                    raw = p.output().apply((qa - za) * (qb - zb));
                } else {
                    int ra = p.inputA().apply((qa - za) * (1 << 20));
                    int rb = p.inputB().apply((qb - zb) * (1 << 20));
                    raw = p.output().apply(kind == Broadcast.SUB ? ra - rb : ra + rb);
                }
                byte want = (byte) Math.min(Math.max(raw + zy, -120), 127);
                assertThat(y[2 + i]).as("a %d b %d", qa, qb).isEqualTo(want);
            }
        }
    }

    static Stream<Arguments> quantizations() {
        List<Arguments> out = new ArrayList<>();
        for (float scale : new float[] {0.0078125f, 0.017f, 1e-3f, 3f}) {
            out.add(Arguments.of(scale, 0, -128, 127));
            out.add(Arguments.of(scale, -5, -128, 127));
            out.add(Arguments.of(scale, 100, -128, 127));
            out.add(Arguments.of(scale, 128, 0, 255));
            out.add(Arguments.of(scale, 0, 0, 255));
        }
        return out.stream();
    }

    /**
     * The vector QUANTIZE against the scalar one (itself 0 LSB from TFLite end to end): random values
     * over and beyond the range, exact ties and their neighbours, zeros, NaN, infinities, huge and
     * tiny values, on a length with a scalar tail.
     */
    @ParameterizedTest(name = "scale={0} zp={1} [{2}, {3}]")
    @MethodSource("quantizations")
    void vectorQuantizeGivesTheScalarBytes(float scale, int zp, int lo, int hi) {
        Int8Kernels vector = kernels("vector");
        SplittableRandom r = new SplittableRandom(Float.floatToIntBits(scale) * 31L + zp);
        float[] x = new float[4003];
        int i = 0;
        for (float special : new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, 1e30f, -1e30f,
                1024 * scale, -1024 * scale, 8388608f * scale, 0.49999997f * scale, -0.49999997f * scale}) {
            x[i++] = special;
        }
        for (int k = -300; k <= 300; k++) {
            float tie = (k + 0.5f) * scale;
            x[i++] = tie;
            x[i++] = Math.nextUp(tie);
            x[i++] = Math.nextDown(tie);
        }
        while (i < x.length) {
            x[i++] = (float) (r.nextGaussian() * 200 * scale);
        }
        byte[] want = new byte[x.length + 3];
        byte[] got = new byte[x.length + 3];
        Int8Kernels.scalar().quantize(x, 0, want, 3, scale, zp, lo, hi, x.length);
        vector.quantize(x, 0, got, 3, scale, zp, lo, hi, x.length);
        for (int k = 0; k < x.length; k++) {
            assertThat(got[3 + k]).as("x=%s (x/scale=%s)", x[k], x[k] / scale).isEqualTo(want[3 + k]);
        }
    }
}
