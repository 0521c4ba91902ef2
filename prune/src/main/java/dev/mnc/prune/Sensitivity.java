package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Binary;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much an error in a layer's output matters at the model's outputs: for layer L, the relative
 * squared error the outputs gain per unit of relative squared error added to L's output.
 *
 * <p>Measured by injection: L's output y gets a fixed random perturbation with per-channel
 * variance rho * var_c(y) (rho = 1%, small enough to stay in the linear regime), the model runs on
 * calibration images, and the outputs' squared change, divided by their variance over the images,
 * is divided by rho. An error early in a chain that nothing dilutes scores high; one in a residual
 * branch that the trunk outweighs, or one that a later ReLU clips away, scores low. Reconstruction
 * costs are weighted by it, so the global ranking prices errors by their effect on the outputs.
 */
final class Sensitivity {
    private static final double RHO = 0.01;

    private Sensitivity() {}

    /** Sensitivity per layer, measured on the first {@code images} samples. */
    static Map<Node, Double> measure(Graph g, List<Node> layers, CalibrationData data, int images,
            ProgressListener progress) {
        Map<Node, Double> out = new IdentityHashMap<>();
        if (data.size() < 2) {
            // One image is either the perturbation pattern or the measurement: weigh every layer alike.
            layers.forEach(n -> out.put(n, 1.0));
            return out;
        }
        List<Map<String, TensorData>> samples = new ArrayList<>();
        for (int i = 0; i < Math.min(images, data.size()); i++) {
            samples.add(data.sample(i));
        }
        List<String> outputs = g.outputs().stream().map(Value::name).toList();
        List<String> layerOutputs = layers.stream().map(n -> n.output().name()).toList();
        List<Map<String, TappedTensor>> clean = new ArrayList<>();
        Map<String, double[]> variance = new LinkedHashMap<>();
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, TappedTensor> pattern = new LinkedHashMap<>();
        List<String> taps = new ArrayList<>(outputs);
        for (String name : layerOutputs) {
            if (!taps.contains(name)) {
                taps.add(name);
            }
        }
        try (TapRunner runner = new TapRunner(g, taps)) {
            Map<String, double[][]> moments = new LinkedHashMap<>();
            for (int i = 0; i < samples.size(); i++) {
                Map<String, TappedTensor> a = runner.run(samples.get(i));
                if (i == samples.size() - 1) {
                    for (String name : layerOutputs) {
                        pattern.put(name, a.get(name));
                    }
                    continue;
                }
                Map<String, TappedTensor> cleanOutputs = new LinkedHashMap<>();
                for (String o : outputs) {
                    cleanOutputs.put(o, a.get(o));
                }
                clean.add(cleanOutputs);
                for (String name : layerOutputs) {
                    TappedTensor act = a.get(name);
                    double[][] m = moments.computeIfAbsent(name, k -> new double[3][act.channels()]);
                    for (int n = 0; n < act.batch(); n++) {
                        for (int c = 0; c < act.channels(); c++) {
                            for (int y = 0; y < act.height(); y++) {
                                for (int x = 0; x < act.width(); x++) {
                                    double v = act.at(n, c, y, x);
                                    m[0][c] += v;
                                    m[1][c] += v * v;
                                    m[2][c]++;
                                }
                            }
                        }
                    }
                }
            }
            for (Map.Entry<String, double[][]> e : moments.entrySet()) {
                double[][] m = e.getValue();
                double[] var = new double[m[0].length];
                double[] mean = new double[m[0].length];
                for (int c = 0; c < var.length; c++) {
                    mean[c] = m[0][c] / m[2][c];
                    var[c] = Math.max(0, m[1][c] / m[2][c] - mean[c] * mean[c]);
                }
                variance.put(e.getKey(), var);
                means.put(e.getKey(), mean);
            }
        }
        double outputVariance = outputVariance(clean, outputs);
        int done = 0;
        for (Node layer : layers) {
            String y = layer.output().name();
            Graph noisy = perturbed(g, layer, pattern.get(y), means.get(y), variance.get(y));
            double err = 0;
            try (TapRunner runner = new TapRunner(noisy, outputs)) {
                for (int i = 0; i < clean.size(); i++) {
                    Map<String, TappedTensor> a = runner.run(samples.get(i));
                    for (String o : outputs) {
                        float[] p = a.get(o).data();
                        float[] q = clean.get(i).get(o).data();
                        for (int k = 0; k < p.length; k++) {
                            double d = p[k] - q[k];
                            err += d * d;
                        }
                    }
                }
            }
            out.put(layer, outputVariance > 0 ? err / outputVariance / RHO : 1);
            progress.progress("sensitivity", ++done, layers.size());
        }
        return out;
    }

    /** Sum over images and outputs of the squared deviation from each output element's mean over the images. */
    private static double outputVariance(List<Map<String, TappedTensor>> clean, List<String> outputs) {
        double total = 0;
        for (String o : outputs) {
            int len = clean.get(0).get(o).data().length;
            for (int k = 0; k < len; k++) {
                double mean = 0;
                for (Map<String, TappedTensor> c : clean) {
                    mean += c.get(o).data()[k];
                }
                mean /= clean.size();
                for (Map<String, TappedTensor> c : clean) {
                    double d = c.get(o).data()[k] - mean;
                    total += d * d;
                }
            }
        }
        return total;
    }

    /**
     * A copy of {@code g} in which the layer's output has a fixed perturbation added: the same
     * layer's activations on another image, centred and scaled to variance RHO * var_c per channel.
     * Unlike white noise it has the spatial structure of real features, so a global average does
     * not wash it out, as it would not wash out the error of a pruned channel.
     */
    private static Graph perturbed(Graph g, Node layer, TappedTensor pattern, double[] mean, double[] variance) {
        Graph c = g.copy();
        Value y = c.value(layer.output().name()).orElseThrow();
        Shape s = y.shape();
        int channels = s.intSize(1);
        int inner = (int) (s.numElements() / s.size(0) / channels);
        float[] noise = new float[(int) (s.numElements() / s.size(0))];
        for (int ch = 0; ch < channels; ch++) {
            double patternVar = 0;
            for (int i = 0; i < inner; i++) {
                double d = pattern.at(0, ch, i / pattern.width(), i % pattern.width()) - mean[ch];
                patternVar += d * d / inner;
            }
            double gain = patternVar > 0 ? Math.sqrt(RHO * variance[ch] / patternVar) : 0;
            for (int i = 0; i < inner; i++) {
                noise[ch * inner + i] = (float) (gain * (pattern.at(0, ch, i / pattern.width(), i % pattern.width())
                        - mean[ch]));
            }
        }
        long[] dims = s.toLongArray();
        dims[0] = 1;
        Value n = c.addConstant(y.name() + "/noise", TensorData.ofFloats(Shape.of(dims), noise));
        Node add = c.addNode(Binary.of(Binary.Kind.ADD), List.of(y, n), List.of(y.name() + "/noisy"),
                List.of(layer.displayName() + "/noise"));
        c.replaceAllUses(y, add.output());
        add.setInput(0, y);
        return c;
    }

}
