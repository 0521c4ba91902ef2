package dev.mnc.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.text.IrParser;
import org.junit.jupiter.api.Test;

/**
 * Bias correction predicts the mean output error of quantized weights, E[conv(x, W~ - W)] per
 * output channel, from mean inputs. Checked against that mean computed directly: a plain
 * convolution of every sample with W~ - W, averaged.
 */
class BiasCorrectionTest {

    /** A plain NHWC convolution (no bias) of one image: [oh, ow, O]. */
    private static double[] conv(float[] x, int h, int w, int c, double[] wt, int o, int kh, int kw, Conv2d op) {
        int[] s = op.strides();
        int[] d = op.dilations();
        int[] p = op.pads();
        int group = op.group();
        int ig = c / group;
        int og = o / group;
        int oh = (h + p[0] + p[2] - d[0] * (kh - 1) - 1) / s[0] + 1;
        int ow = (w + p[1] + p[3] - d[1] * (kw - 1) - 1) / s[1] + 1;
        double[] y = new double[oh * ow * o];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int k = 0; k < o; k++) {
                    double acc = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int iy = oy * s[0] - p[0] + ky * d[0];
                            int ix = ox * s[1] - p[1] + kx * d[1];
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            for (int i = 0; i < ig; i++) {
                                acc += x[(iy * w + ix) * c + (k / og) * ig + i] * wt[((k * kh + ky) * kw + kx) * ig + i];
                            }
                        }
                    }
                    y[(oy * ow + ox) * o + k] = acc;
                }
            }
        }
        return y;
    }

    private static void check(String text, int h, int w, int c, boolean perChannel) {
        Graph g = IrParser.parse(text);
        Node n = g.value("y").orElseThrow().producer();
        Conv2d op = (Conv2d) n.op();
        int[] ws = n.input(1).shape().toIntArray();
        float[] wf = n.input(1).data().floats();
        float[] b = n.input(2).data().floats();
        QuantizedWeights q = QuantizedWeights.of(n, 0.05f, perChannel, null);
        double[] delta = new double[wf.length];
        for (int i = 0; i < wf.length; i++) {
            delta[i] = (double) q.dequantized()[i] - wf[i];
        }
        InputMeans means = InputMeans.of(n);
        double[] want = new double[ws[0]];
        int positions = 0;
        for (int sample = 0; sample < 5; sample++) {
            float[] x = Runs.uniform(h * w * c, 40 + sample, -1, 3);
            means.add(x, 0, 1);
            double[] y = conv(x, h, w, c, delta, ws[0], ws[1], ws[2], op);
            for (int i = 0; i < y.length; i++) {
                want[i % ws[0]] += y[i];
            }
            positions += y.length / ws[0];
        }
        float[] corrected = BiasCorrection.correct(n, wf, q.dequantized(), b, means);
        for (int o = 0; o < ws[0]; o++) {
            double shift = want[o] / positions;
            assertThat((double) b[o] - corrected[o]).as("channel %d", o).isCloseTo(shift, within(1e-6 + 1e-4 * Math.abs(shift)));
        }
    }

    @Test
    void stridedPaddedDilatedConvMatchesTheDirectMean() {
        check("""
                graph @g(%x: f32[1,7,6,3] nhwc) {
                  %y = conv2d(%x, @w, @b) {strides=[2,1], dilations=[1,2], pads=[1,2,0,1], layout=nhwc}
                  return %y
                }
                const @w: f32[4,3,3,3] = random(seed=11, min=-1, max=1)
                const @b: f32[4] = [0.1, -0.2, 0.3, 0.0]
                """, 7, 6, 3, false);
    }

    @Test
    void depthwiseWithMultiplierMatchesTheDirectMean() {
        check("""
                graph @g(%x: f32[1,5,5,3] nhwc) {
                  %y = conv2d(%x, @w, @b) {strides=[2,2], pads=[1,1,1,1], group=3, layout=nhwc}
                  return %y
                }
                const @w: f32[6,3,3,1] = random(seed=12, min=-2, max=2)
                const @b: f32[6] = [0.5, 0.0, -0.5, 1.0, 0.25, 0.0]
                """, 5, 5, 3, true);
    }

    @Test
    void groupedConvMatchesTheDirectMean() {
        check("""
                graph @g(%x: f32[1,4,4,4] nhwc) {
                  %y = conv2d(%x, @w, @b) {pads=[1,1,1,1], group=2, layout=nhwc}
                  return %y
                }
                const @w: f32[4,3,3,2] = random(seed=13, min=-1, max=1)
                const @b: f32[4] = [0.0, 0.0, 0.0, 0.0]
                """, 4, 4, 4, false);
    }
}
