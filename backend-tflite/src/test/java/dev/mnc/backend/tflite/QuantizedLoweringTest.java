package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Value;
import dev.mnc.ir.text.IrParser;
import dev.mnc.testdata.OnnxModelBuilder;
import dev.mnc.testdata.TfliteOracle;
import org.junit.jupiter.api.Test;

/**
 * The int8 path: quantization parameters on tensors (per-tensor and per-axis), int8 filters with
 * int32 biases, QUANTIZE and DEQUANTIZE, checked against ONNX Runtime and against integer
 * reference loops written here.
 */
class QuantizedLoweringTest {

    @Test
    void quantizeThenDequantizeMatchesOnnxRuntime() {
        var r = check("""
                graph @g(%x: f32[2,5,3]) {
                  %q = quantize(%x) {to=i8} : i8[2,5,3] q(0.02, 3)
                  %y = dequantize(%q)
                  return %y
                }
                """, g -> onnx("x", 2, 5, 3)
                .initializer("s", new float[] {0.02f})
                .tensor(OnnxModelBuilder.rawTensor("z", 3, new byte[] {3}))
                .node("QuantizeLinear", "x,s,z -> q").node("DequantizeLinear", "q,s,z -> y").output("y"));
        TfliteModel m = TfliteReader.read(r.tflite());
        assertThat(m.operators()).extracting(OperatorInfo::op).containsExactly("QUANTIZE", "DEQUANTIZE");
        assertThat(m.operators().get(0).outputs().get(0).quantization())
                .isEqualTo(new Quantization(new float[] {0.02f}, new long[] {3}, 0));
        assertThat(m.operators().get(0).outputs().get(0).type()).isEqualTo("INT8");
    }

    @Test
    void int8InputsAndOutputsPassThroughTheInterpreter() {
        byte[] model = TfliteWriter.write(IrParser.parse("""
                graph @g(%x: i8[1,6] q(0.1, 3), %u: u8[1,6] q(0.5, 128)) {
                  %y = relu(%x) : i8[1,6] q(0.1, 3)
                  %v = clip(%u) {min=0.0, max=6.0} : u8[1,6] q(0.5, 128)
                  return %y, %v
                }
                """));
        TfliteModel m = TfliteReader.read(model);
        assertThat(m.inputs()).extracting(TensorInfo::type).containsExactly("INT8", "UINT8");
        assertThat(m.operators()).extracting(OperatorInfo::op).containsExactly("RELU", "RELU6");
        assertThat(m.operators().get(0).version()).isEqualTo(2);
        var out = TfliteOracle.run(model, new byte[] {-128, -5, 2, 3, 4, 127}, new byte[] {0, 100, (byte) 128,
            (byte) 129, (byte) 140, (byte) 255});
        // Real zero is the zero point: RELU clamps below it; RELU6 clamps to [zp, zp + 6 / 0.5].
        assertThat(out.get(0).ints()).containsExactly(3, 3, 3, 3, 4, 127);
        assertThat(out.get(1).ints()).containsExactly(128, 128, 128, 129, 140, 140);
    }

    private static final String INT8_CONVS = """
            graph @g(%x: f32[1,7,6,4] nhwc) {
              %qx = quantize(%x) {to=i8} : i8[1,7,6,4] nhwc q(0.0625, -5)
              %c = conv2d(%qx, @w, @b) {strides=[2,1], pads=[1,1,1,1], act=relu, layout=nhwc} : i8[1,4,6,5] nhwc q(0.25, -128)
              %d = conv2d(%c, @dw) {pads=[1,1,1,1], group=5, layout=nhwc} : i8[1,4,6,5] nhwc q(0.5, 7)
              %y = dequantize(%d)
              return %y
            }
            const @w: i8[5,3,3,4] q(axis=0, scales=[0.01,0.02,0.015,0.005,0.03], zps=[0,0,0,0,0]) = random(seed=1, min=-127, max=127)
            const @b: i32[5] q(axis=0, scales=[0.000625,0.00125,0.0009375,0.0003125,0.001875], zps=[0,0,0,0,0]) = random(seed=2, min=-3000, max=3000)
            const @dw: i8[5,3,3,1] q(axis=0, scales=[0.02,0.01,0.04,0.03,0.02], zps=[0,0,0,0,0]) = random(seed=3, min=-127, max=127)
            """;

    @Test
    void int8ConvAndDepthwiseWithPerChannelFiltersAgreeWithIntegerReference() {
        Graph g = IrParser.parse(INT8_CONVS);
        byte[] model = TfliteWriter.write(g);
        TfliteModel m = TfliteReader.read(model);
        assertThat(m.operators()).extracting(OperatorInfo::op)
                .containsExactly("QUANTIZE", "CONV_2D", "DEPTHWISE_CONV_2D", "DEQUANTIZE");
        OperatorInfo conv = m.operators().get(1);
        OperatorInfo dw = m.operators().get(2);
        assertThat(conv.version()).isEqualTo(3);
        assertThat(dw.version()).isEqualTo(3);
        // The depthwise filter is [1,3,3,5]: its per-channel scales now run along dimension 3.
        assertThat(dw.inputs().get(1).quantization().quantizedDimension()).isEqualTo(3);
        assertThat(dw.inputs().get(2).type()).isEqualTo("INT32");
        assertThat(dw.inputs().get(2).quantization().scales()[2]).isEqualTo(0.25f * 0.04f);

        float[] x = OracleHarness.random(7 * 6 * 4, 11, -2, 2);
        float[] got = TfliteOracle.run(model, (Object) x).get(0).floats();

        int[] qx = quantize(x, 0.0625f, -5);
        int[] c = conv(g, qx, new int[] {1, 7, 6, 4}, "w", "b", 0.0625f, -5, new int[] {2, 1}, 1, 0.25f, -128, true);
        int[] d = conv(g, c, new int[] {1, 4, 6, 5}, "dw", null, 0.25f, -128, new int[] {1, 1}, 5, 0.5f, 7, false);
        int exact = 0;
        for (int i = 0; i < d.length; i++) {
            float want = 0.5f * (d[i] - 7);
            assertThat(Math.abs(got[i] - want)).as("element %d", i).isLessThanOrEqualTo(0.5f * 1.001f);
            exact += got[i] == want ? 1 : 0;
        }
        // TFLite requantizes with a fixed-point multiplier: off by one LSB now and then, not often.
        assertThat(exact).isGreaterThan(d.length * 9 / 10);
    }

    private static int[] quantize(float[] x, float scale, int zp) {
        int[] q = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i] / scale;
            q[i] = clamp((int) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5)) + zp, -128, 127);
        }
        return q;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A plain NHWC 3x3 conv with pads 1, in exact integer arithmetic, requantized in double. */
    private static int[] conv(Graph g, int[] in, int[] s, String w, String b, float inScale, int inZp, int[] stride,
            int group, float outScale, int outZp, boolean relu) {
        Value wv = g.value(w).orElseThrow();
        int[] ws = wv.shape().toIntArray();
        QuantParams wq = wv.quant();
        double[] filter = toDoubles(wv.data().toFloats());
        int[] bias = b == null ? new int[ws[0]] : g.value(b).orElseThrow().data().ints();
        int h = s[1];
        int wd = s[2];
        int cin = s[3];
        int oh = (h + 2 - 3) / stride[0] + 1;
        int ow = (wd + 2 - 3) / stride[1] + 1;
        int o = ws[0];
        int perGroup = cin / group;
        int outPerGroup = o / group;
        int[] out = new int[oh * ow * o];
        for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
                for (int k = 0; k < o; k++) {
                    long acc = bias[k];
                    int g0 = (k / outPerGroup) * perGroup;
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = y * stride[0] - 1 + ky;
                            int ix = xx * stride[1] - 1 + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                continue;
                            }
                            for (int i = 0; i < perGroup; i++) {
                                int q = in[(iy * wd + ix) * cin + g0 + i];
                                acc += (long) (q - inZp) * (long) filter[((k * 3 + ky) * 3 + kx) * perGroup + i];
                            }
                        }
                    }
                    double real = acc * (double) inScale * wq.scales()[k];
                    int q = (int) Math.round(real / outScale) + outZp;
                    if (relu) {
                        q = Math.max(q, outZp);
                    }
                    out[(y * ow + xx) * o + k] = clamp(q, -128, 127);
                }
            }
        }
        return out;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
