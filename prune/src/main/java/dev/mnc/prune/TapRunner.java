package dev.mnc.prune;

import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.IoLayout;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a graph on the native runtime and returns chosen intermediate tensors ("taps"), the way the
 * pruner measures activations: the one set of kernels the deployed model uses.
 *
 * <p>The graph is copied, its outputs replaced by the taps (so everything downstream of them is
 * dead and dropped), and compiled with the native default pipeline with NHWC model I/O. Graph
 * outputs keep their names and meaning through every pass, which makes them the reliable way to
 * name an intermediate tensor; with NHWC I/O no transpose is added for them. Inputs arrive in the
 * graph's NCHW layout and are transposed on the way in.
 */
final class TapRunner implements AutoCloseable {
    private final Model model;
    private final Session session;
    private final List<Value> inputs;
    private final List<Boolean> transposeInput;
    private final List<String> taps;
    private final List<Boolean> tapChannelsLast;

    TapRunner(Graph graph, List<String> tapNames) {
        Graph g = graph.copy();
        List<Value> outs = new ArrayList<>();
        for (String name : tapNames) {
            Value v = g.value(name).orElseThrow(() -> new IllegalArgumentException("no value " + name));
            if (v.isConstant() || g.isGraphInput(v)) {
                throw new IllegalArgumentException(name + " is not computed by the graph");
            }
            outs.add(v);
        }
        g.setOutputs(outs);
        g.removeDeadCode();
        this.inputs = new ArrayList<>(graph.inputs());
        BuiltinPasses.defaultPipeline(Target.NATIVE, PipelineOptions.defaults().withIoLayout(IoLayout.NHWC))
                .run(g, PassContext.defaults());
        this.transposeInput = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            transposeInput.add(inputs.get(i).type().layout() == Layout.NCHW
                    && g.inputs().get(i).type().layout() == Layout.NHWC);
        }
        this.taps = List.copyOf(tapNames);
        this.tapChannelsLast = new ArrayList<>();
        for (Value v : g.outputs()) {
            tapChannelsLast.add(v.type().layout() == Layout.NHWC);
        }
        try {
            this.model = Model.load(ByteBuffer.wrap(NativeCompiler.compile(g)), graph.name() + "-taps");
        } catch (dev.mnc.runtime.ModelFormatException e) {
            throw new MncException("the runtime refuses graph '" + graph.name() + "': " + e.getMessage(), e);
        }
        this.session = model.newSession();
    }

    /** Runs one sample (inputs by graph input name, NCHW as the graph declares them) and returns the taps by name. */
    Map<String, TappedTensor> run(Map<String, TensorData> sample) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Value in = inputs.get(i);
            TensorData d = sample.get(in.name());
            if (d == null) {
                throw new MncException("a calibration sample has no tensor for graph input '" + in.name()
                        + "'; it has " + sample.keySet());
            }
            if (!d.shape().equals(in.shape()) || d.dtype() != in.dtype()) {
                throw new MncException("calibration input '" + in.name() + "' is " + d.dtype() + d.shape()
                        + " but the graph takes " + in.type());
            }
            feeds.put(in.name(), RuntimeTensors.of(transposeInput.get(i) ? d.nchwToNhwcFloats() : d));
        }
        Map<String, Tensor> out = session.run(feeds);
        Map<String, TappedTensor> result = new LinkedHashMap<>();
        for (int i = 0; i < taps.size(); i++) {
            Tensor t = out.get(taps.get(i));
            result.put(taps.get(i), activation(t, tapChannelsLast.get(i)));
        }
        return result;
    }

    private static TappedTensor activation(Tensor t, boolean channelsLast) {
        int[] s = t.shape();
        if (s.length == 4 && channelsLast) {
            return new TappedTensor(s[0], s[3], s[1], s[2], true, t.floats());
        }
        int inner = 1;
        for (int i = 2; i < s.length; i++) {
            inner *= s[i];
        }
        return new TappedTensor(s[0], s[1], inner, 1, inner == 1, t.floats());
    }

    @Override
    public void close() {
        session.close();
        model.close();
    }
}
