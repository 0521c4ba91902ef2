package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.text.IrParser;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small NCHW graphs in IR text, one per coupling kind the pruner must get right, and a way to run
 * any graph on the native runtime (the oracle for "the pruned graph still computes the same
 * thing": its kernels are tested against ONNX Runtime and TFLite in their own modules).
 */
final class SmallGraphs {
    private SmallGraphs() {}

    /** stem conv -> branch conv -> add(stem, branch) -> head conv: the residual ties stem, branch and sum. */
    static final String RESIDUAL = """
            graph @residual(%x: f32[1,4,6,6] nchw) {
              %stem = conv2d(%x, @w0) {layout=nchw} loc("stem")
              %branch = conv2d(%stem, @w1, @b1) {pads=[1,1,1,1], layout=nchw} loc("branch")
              %sum = add(%stem, %branch) loc("residual")
              %y = conv2d(%sum, @w2) {layout=nchw} loc("head")
              return %y
            }
            const @w0: f32[16,4,1,1] = random(seed=1)
            const @w1: f32[16,16,3,3] = random(seed=2, min=-0.2, max=0.2)
            const @b1: f32[16] = random(seed=3)
            const @w2: f32[8,16,1,1] = random(seed=4)
            """;

    /** expand -> batch_norm -> relu6 -> depthwise -> relu -> project: one group from expand to project's input. */
    static final String DEPTHWISE = """
            graph @depthwise(%x: f32[1,4,8,8] nchw) {
              %e = conv2d(%x, @we) {layout=nchw} loc("expand")
              %n = batch_norm(%e, @g, @b, @m, @v) {eps=1e-5, layout=nchw} loc("bn")
              %r = clip(%n) {min=0.0, max=6.0} loc("relu6")
              %d = conv2d(%r, @wd) {strides=[2,2], pads=[1,1,1,1], group=16, layout=nchw} loc("dw")
              %a = relu(%d) loc("relu")
              %y = conv2d(%a, @wp) {layout=nchw} loc("project")
              return %y
            }
            const @we: f32[16,4,1,1] = random(seed=1)
            const @g: f32[16] = random(seed=2, min=0.5, max=1.5)
            const @b: f32[16] = random(seed=3)
            const @m: f32[16] = random(seed=4, min=-0.1, max=0.1)
            const @v: f32[16] = random(seed=5, min=0.5, max=2.0)
            const @wd: f32[16,1,3,3] = random(seed=6)
            const @wp: f32[8,16,1,1] = random(seed=7)
            """;

    /** A depthwise conv with channel multiplier 2: input channel i goes with output channels 2i and 2i+1. */
    static final String MULTIPLIER = """
            graph @multiplier(%x: f32[1,3,6,6] nchw) {
              %e = conv2d(%x, @we) {layout=nchw} loc("expand")
              %d = conv2d(%e, @wd) {pads=[1,1,1,1], group=8, layout=nchw} loc("dw2")
              %y = conv2d(%d, @wp) {layout=nchw} loc("project")
              return %y
            }
            const @we: f32[8,3,1,1] = random(seed=1)
            const @wd: f32[16,1,3,3] = random(seed=2)
            const @wp: f32[4,16,1,1] = random(seed=3)
            """;

    /**
     * A squeeze-excite block as PaddleOCR exports it: mean -> conv+bias -> relu -> conv+bias ->
     * hard_sigmoid -> mul with the trunk. The mul ties the excite conv's outputs to the trunk; the
     * squeeze width is a group of its own.
     */
    static final String SQUEEZE_EXCITE = """
            graph @se(%x: f32[1,4,6,6] nchw) {
              %t = conv2d(%x, @wt) {layout=nchw} loc("trunk")
              %p = mean(%t) {axes=[2,3], keep_dims=true} loc("pool")
              %s0 = conv2d(%p, @w1) {layout=nchw} loc("squeeze")
              %s1 = add(%s0, @b1) loc("squeeze_bias")
              %s2 = relu(%s1) loc("squeeze_relu")
              %e0 = conv2d(%s2, @w2) {layout=nchw} loc("excite")
              %e1 = add(%e0, @b2) loc("excite_bias")
              %h = hard_sigmoid(%e1) {alpha=0.2, beta=0.5} loc("gate")
              %scaled = mul(%t, %h) loc("scale")
              %y = conv2d(%scaled, @wo) {layout=nchw} loc("out")
              return %y
            }
            const @wt: f32[16,4,1,1] = random(seed=1)
            const @w1: f32[4,16,1,1] = random(seed=2)
            const @b1: f32[1,4,1,1] = random(seed=3)
            const @w2: f32[16,4,1,1] = random(seed=4)
            const @b2: f32[1,16,1,1] = random(seed=5)
            const @wo: f32[8,16,1,1] = random(seed=6)
            """;

    /** Two branches concatenated along C: channel offsets map each branch into the concat. */
    static final String CONCAT = """
            graph @concat(%x: f32[1,3,5,5] nchw) {
              %a = conv2d(%x, @wa) {layout=nchw} loc("left")
              %b = conv2d(%x, @wb) {pads=[1,1,1,1], layout=nchw} loc("right")
              %ra = relu(%a) loc("left_relu")
              %c = concat(%ra, %b) {axis=1} loc("cat")
              %y = conv2d(%c, @wc) {layout=nchw} loc("fuse")
              return %y
            }
            const @wa: f32[8,3,1,1] = random(seed=1)
            const @wb: f32[12,3,3,3] = random(seed=2, min=-0.3, max=0.3)
            const @wc: f32[6,20,1,1] = random(seed=3)
            """;

    /** conv -> global average -> flatten -> dense classifier: the classifier's input features follow the conv. */
    static final String CLASSIFIER = """
            graph @classifier(%x: f32[1,3,7,7] nchw) {
              %f = conv2d(%x, @wf) {layout=nchw} loc("features")
              %r = relu(%f) loc("features_relu")
              %p = mean(%r) {axes=[2,3], keep_dims=true} loc("gap")
              %v = reshape(%p) {shape=[1,16]} loc("flatten")
              %y = fully_connected(%v, @wc, @bc) loc("classifier")
              return %y
            }
            const @wf: f32[16,3,1,1] = random(seed=1)
            const @wc: f32[10,16] = random(seed=2)
            const @bc: f32[10] = random(seed=3)
            """;

    /** A flatten of a 2x2 map into a dense layer: each channel owns 4 input features. */
    static final String FLATTEN = """
            graph @flatten(%x: f32[1,3,2,2] nchw) {
              %f = conv2d(%x, @wf) {layout=nchw} loc("features")
              %v = reshape(%f) {shape=[1,32]} loc("flatten")
              %y = fully_connected(%v, @wc) loc("classifier")
              return %y
            }
            const @wf: f32[8,3,1,1] = random(seed=1)
            const @wc: f32[5,32] = random(seed=2)
            """;

    static Graph parse(String text) {
        return IrParser.parse(text);
    }

    /** Random inputs for every graph input, reproducible from {@code seed}. */
    static Map<String, TensorData> inputs(Graph g, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Value in : g.inputs()) {
            float[] d = new float[(int) in.shape().numElements()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (r.nextDouble() * 2 - 1);
            }
            out.put(in.name(), TensorData.ofFloats(in.shape(), d));
        }
        return out;
    }

    /** Several random samples, as calibration data. */
    static CalibrationData calibration(Graph g, int samples, long seed) {
        List<Map<String, TensorData>> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            out.add(inputs(g, seed + i));
        }
        return CalibrationData.of(out);
    }

    /** The graph's outputs on the native runtime, in output order. */
    static List<float[]> run(Graph g, Map<String, TensorData> inputs) {
        try (Model m = Model.load(ByteBuffer.wrap(NativeLatency.compile(g))); Session s = m.newSession()) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            inputs.forEach((k, v) -> feeds.put(k, RuntimeTensors.of(v)));
            List<float[]> out = new ArrayList<>();
            for (Tensor t : s.run(feeds).values()) {
                out.add(t.floats());
            }
            return out;
        } catch (dev.mnc.runtime.ModelFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** max |a - b| over all outputs. */
    static double maxDiff(List<float[]> a, List<float[]> b) {
        double worst = 0;
        for (int k = 0; k < a.size(); k++) {
            for (int i = 0; i < a.get(k).length; i++) {
                worst = Math.max(worst, Math.abs(a.get(k)[i] - b.get(k)[i]));
            }
        }
        return worst;
    }

    /** max |a| over all outputs, at least 1: the scale differences are judged against. */
    static double scale(List<float[]> a) {
        double s = 1;
        for (float[] x : a) {
            for (float v : x) {
                s = Math.max(s, Math.abs(v));
            }
        }
        return s;
    }
}
