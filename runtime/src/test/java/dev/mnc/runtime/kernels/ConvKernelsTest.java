package dev.mnc.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast convolution kernels (pointwise GEMM in both schedules, im2col GEMM, depthwise) against
 * a plain seven-loop NHWC/OHWI convolution in double precision, at awkward channel counts, odd
 * spatial sizes, asymmetric pads, stride (2,1), dilation 2 and groups that are neither 1 nor C.
 * Inputs sit at non-zero arena offsets to catch offset mistakes.
 */
class ConvKernelsTest {
    static final int[] CHANNELS = {1, 3, 7, 8, 15, 16, 17, 33};

    /** y[n,oy,ox,o] = act(b[o] + sum x[n, oy*sy-pt+ky*dy, ox*sx-pl+kx*dx, g*ig+i] * w[o,ky,kx,i]). */
    static float[] reference(ConvGeometry g, Activation act, float[] x, float[] w, float[] b) {
        float[] y = new float[g.outPixels() * g.outC()];
        int ig = g.inPerGroup();
        int og = g.outPerGroup();
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    for (int o = 0; o < g.outC(); o++) {
                        double s = b == null ? 0 : b[o];
                        int grp = o / og;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int iy = oy * g.sy() - g.padTop() + ky * g.dy();
                                int ix = ox * g.sx() - g.padLeft() + kx * g.dx();
                                if (iy < 0 || ix < 0 || iy >= g.inH() || ix >= g.inW()) {
                                    continue;
                                }
                                for (int i = 0; i < ig; i++) {
                                    s += (double) x[((n * g.inH() + iy) * g.inW() + ix) * g.inC() + grp * ig + i]
                                            * w[((o * g.kh() + ky) * g.kw() + kx) * ig + i];
                                }
                            }
                        }
                        y[((n * g.outH() + oy) * g.outW() + ox) * g.outC() + o] =
                                (float) Math.min(Math.max(s, act.lo()), act.hi());
                    }
                }
            }
        }
        return y;
    }

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    static ConvGeometry geometry(int n, int h, int w, int c, int o, int k, int sy, int sx, int d, int[] pads, int group) {
        int kEff = d * (k - 1) + 1;
        int oh = (h + pads[0] + pads[2] - kEff) / sy + 1;
        int ow = (w + pads[1] + pads[3] - kEff) / sx + 1;
        return new ConvGeometry(n, h, w, c, oh, ow, o, k, k, sy, sx, d, d, pads[0], pads[1], group);
    }

    static void assertClose(float[] got, int off, float[] want, String what) {
        double max = 0;
        for (float v : want) {
            max = Math.max(max, Math.abs(v));
        }
        double tol = 1e-5 * (1 + max);
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(got[off + i] - want[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + got[off + i] + ", reference " + want[i]);
            }
        }
    }

    static Stream<Arguments> depthwiseCases() {
        List<Arguments> out = new ArrayList<>();
        for (int c : CHANNELS) {
            out.add(Arguments.of(c, 3, 1, 1, 1, new int[] {1, 1, 1, 1}, 1));
            out.add(Arguments.of(c, 3, 2, 2, 1, new int[] {0, 1, 1, 0}, 1));
            out.add(Arguments.of(c, 3, 2, 1, 1, new int[] {1, 1, 1, 1}, 1));
            out.add(Arguments.of(c, 3, 1, 1, 2, new int[] {2, 1, 2, 3}, 1));
            out.add(Arguments.of(c, 5, 2, 2, 1, new int[] {2, 2, 1, 1}, 2));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "C={0} k={1} s=({2},{3}) d={4} pads={5} mult={6}")
    @MethodSource("depthwiseCases")
    void depthwiseMatchesReference(int c, int k, int sy, int sx, int d, int[] pads, int mult) {
        SplittableRandom r = new SplittableRandom(c * 31L + k);
        ConvGeometry g = geometry(2, 9, 7, c, c * mult, k, sy, sx, d, pads, c);
        float[] w = random(r, c * mult * k * k);
        float[] b = random(r, c * mult);
        float[] x = random(r, 2 * 9 * 7 * c);
        float[] arena = new float[37 + x.length + 19 + g.outPixels() * g.outC()];
        System.arraycopy(x, 0, arena, 37, x.length);
        int yOff = 37 + x.length + 19;
        Activation relu6 = new Activation(0, 6);
        Depthwise.run(g, relu6, arena, 37, Depthwise.packWeights(w, 0, c * mult, k, k), b, 0, arena, yOff, 0,
                g.batch() * g.outH(), new Depthwise.Scratch(c, c * mult));
        float[] want = reference(g, relu6, x, w, b);
        assertClose(arena, yOff, want, "depthwise");
        if (mult == 1) {
            java.util.Arrays.fill(arena, yOff, arena.length, Float.NaN);
            DepthwiseRows.Weights rw = DepthwiseRows.replicate(Depthwise.packWeights(w, 0, c, k, k), b, 0, c, g.outW());
            DepthwiseRows.Scratch s = new DepthwiseRows.Scratch(g);
            // Two calls over halves of the rows: scratch reuse across calls must not leak state.
            int rows = g.batch() * g.outH();
            DepthwiseRows.run(g, relu6, arena, 37, rw, arena, yOff, 0, rows / 2, s);
            DepthwiseRows.run(g, relu6, arena, 37, rw, arena, yOff, rows / 2, rows, s);
            assertClose(arena, yOff, want, "depthwise rows");
        }
    }

    static Stream<Arguments> generalCases() {
        List<Arguments> out = new ArrayList<>();
        for (int c : CHANNELS) {
            for (int o : new int[] {1, 8, 17, 33, 50}) {
                out.add(Arguments.of(c, o, 1, 1, 1, 1, new int[] {0, 0, 0, 0}, 1));
            }
            out.add(Arguments.of(c, 16, 3, 2, 2, 1, new int[] {1, 1, 1, 1}, 1));
            out.add(Arguments.of(c, 7, 3, 2, 1, 1, new int[] {1, 0, 2, 1}, 1));
            out.add(Arguments.of(c, 9, 3, 1, 1, 2, new int[] {2, 2, 2, 2}, 1));
        }
        out.add(Arguments.of(15, 10, 3, 1, 1, 1, new int[] {1, 1, 1, 1}, 5));
        out.add(Arguments.of(16, 8, 3, 2, 1, 1, new int[] {0, 1, 1, 0}, 4));
        out.add(Arguments.of(33, 66, 1, 1, 1, 1, new int[] {0, 0, 0, 0}, 3));
        out.add(Arguments.of(8, 64, 3, 1, 1, 2, new int[] {2, 2, 2, 2}, 2));
        return out.stream();
    }

    @ParameterizedTest(name = "C={0} O={1} k={2} s=({3},{4}) d={5} pads={6} groups={7}")
    @MethodSource("generalCases")
    void convolutionMatchesReference(int c, int o, int k, int sy, int sx, int d, int[] pads, int group) {
        SplittableRandom r = new SplittableRandom(c * 131L + o * 7L + k);
        ConvGeometry g = geometry(1, 11, 9, c, o, k, sy, sx, d, pads, group);
        float[] w = random(r, o * k * k * (c / group));
        float[] b = random(r, o);
        float[] x = random(r, 11 * 9 * c);
        float[] arena = new float[5 + x.length + g.outPixels() * o + 3];
        System.arraycopy(x, 0, arena, 5, x.length);
        int yOff = 5 + x.length;
        Activation relu = new Activation(0, Float.POSITIVE_INFINITY);
        float[] want = reference(g, relu, x, w, b);
        Gemm.Params gp = Conv2d.gemmParams(g, relu);
        Conv2d.run(g, gp, arena, 5, Conv2d.packWeights(w, 0, o, k, k, c / group, group), b, 0, arena, yOff, 0,
                g.outPixels(), new float[Conv2d.patchScratchSize(g, gp)], new Gemm.Scratch(gp, g.patchSize(),
                        g.outPerGroup()));
        assertClose(arena, yOff, want, "im2col");
        if (k == 1 && group == 1) {
            for (boolean transposed : new boolean[] {false, true}) {
                java.util.Arrays.fill(arena, yOff, arena.length, Float.NaN);
                Gemm.Params pp = new Gemm.Params(c, o, relu, transposed);
                Conv2d.pointwise(pp, arena, 5, Conv2d.packWeights(w, 0, o, 1, 1, c, 1)[0], b, 0, arena, yOff, 0,
                        g.outPixels(), new Gemm.Scratch(pp, c, o));
                assertClose(arena, yOff, want, transposed ? "pointwise transposed" : "pointwise rows");
                assertThat(arena[arena.length - 1]).isNaN();
            }
        }
    }
}
