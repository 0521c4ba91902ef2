package dev.mnc.backend.nativeformat;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * IR text for int8 test graphs: quantized conv and dense layers with random weights, random
 * per-channel weight scales and int32 biases whose scale is input scale x weight scale, as the
 * quantizer produces them (and as the IR's "Quantized graphs" conventions require).
 */
final class Int8Graphs {
    private Int8Graphs() {}

    /** {@code q(axis=0, scales=[...], zps=[0,...])} with scales log-uniform in [lo, hi). */
    static String perChannel(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder("q(axis=0, scales=[");
        StringBuilder z = new StringBuilder("zps=[");
        for (int i = 0; i < n; i++) {
            double v = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r.nextDouble());
            s.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6g", v));
            z.append(i > 0 ? "," : "").append('0');
        }
        return s.append("], ").append(z).append("])").toString();
    }

    /**
     * A conv2d (depthwise when {@code group == in}) from an i8 input to an i8 output with a bias.
     *
     * @param s strides [y, x]; {@code d} dilations; {@code p} pads [top, left, bottom, right]
     * @param act the fused activation (none, relu, relu6, relu_n1_to_1)
     */
    static String conv(String name, int[] x, int out, int k, int[] s, int[] d, int[] p, int group, String act,
            String inQ, String outQ, long seed) {
        int in = x[3];
        int ig = in / group;
        int oh = (x[1] + p[0] + p[2] - (d[0] * (k - 1) + 1)) / s[0] + 1;
        int ow = (x[2] + p[1] + p[3] - (d[1] * (k - 1) + 1)) / s[1] + 1;
        return String.format(Locale.ROOT, """
                graph @%s(%%x: i8[%d,%d,%d,%d] nhwc %s) {
                  %%y = conv2d(%%x, @w, @b) {strides=[%d,%d], dilations=[%d,%d], pads=[%d,%d,%d,%d], group=%d, act=%s, layout=nhwc} : i8[%d,%d,%d,%d] nhwc %s
                  return %%y }
                const @w: i8[%d,%d,%d,%d] %s = random(seed=%d, min=-127, max=127)
                const @b: i32[%d] = random(seed=%d, min=-20000, max=20000)
                """, name, x[0], x[1], x[2], in, inQ, s[0], s[1], d[0], d[1], p[0], p[1], p[2], p[3], group, act, x[0], oh,
                ow, out, outQ, out, k, k, ig, perChannel(seed, out, 0.002, 0.05), seed + 1, out, seed + 2);
    }
}
