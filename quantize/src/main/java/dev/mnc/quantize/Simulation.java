package dev.mnc.quantize;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Dequantize;
import dev.mnc.ir.ops.Quantize;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Float graphs that compute what an int8 graph computes, for the float runtime to measure
 * quantization error with ("fake quantization"): every int8 value becomes
 * {@code dequantize(quantize(x))} with its own parameters (rounding half away from zero and
 * saturating, as int8 kernels do), int8 weights and int32 biases become their dequantized float
 * values, and every op computes in float in between. This reproduces the int8 model up to the
 * integer kernels' fixed-point requantization (TFLite's rounds the rescaled accumulator once; here
 * the accumulator is exact and rounding happens at the fake quantization), which is within one
 * step of the output scale.
 *
 * <ul>
 *   <li>{@link #endToEnd}: the whole int8 model simulated: at each int8 value, the error of the
 *       int8 model so far.</li>
 *   <li>{@link #layerwise}: the float graph plus, for each int8 op, a shadow copy that reads the
 *       float graph's own values (fake-quantized with the int8 inputs' parameters): the error
 *       that op alone adds. Shadows are named {@code <value>/local}.</li>
 * </ul>
 * Both graphs take the float graph's inputs; {@link Result#compare()} pairs each simulated value
 * with the float-graph value it approximates.
 */
final class Simulation {
    /** A simulation graph and, for each of its values to measure, the float-graph value it approximates. */
    record Result(Graph graph, Map<String, String> compare) {}

    private Simulation() {}

    /** The int8 model of {@code lowered}, simulated in float, reading the float graph's inputs. */
    static Result endToEnd(Graph floatGraph, Int8Lowering.Result lowered) {
        Graph q = lowered.graph();
        Graph s = new Graph(q.name() + "-simulated");
        Map<Value, Value> sim = new IdentityHashMap<>();
        Map<String, String> compare = new LinkedHashMap<>();
        Map<Value, Value> constants = new IdentityHashMap<>();
        for (int i = 0; i < q.inputs().size(); i++) {
            Value qi = q.inputs().get(i);
            Value fi = floatGraph.inputs().get(i);
            Value x = s.addInput(fi.name(), fi.type());
            sim.put(qi, qi.dtype() == DType.F32 ? x : fakeQuant(s, x, qi.quant(), qi.dtype(), qi.name() + "/sim"));
        }
        for (Node n : q.nodes()) {
            if (n.op() instanceof Dequantize) {
                sim.put(n.output(), sim.get(n.input(0)));
                continue;
            }
            List<Value> ins = new ArrayList<>();
            for (Value v : n.inputs()) {
                ins.add(v.isConstant() ? constant(s, v, constants) : sim.get(v));
            }
            if (n.op() instanceof Quantize) {
                Value y = n.output();
                sim.put(y, fakeQuant(s, ins.get(0), y.quant(), y.dtype(), y.name()));
            } else if (n.outputs().size() == 1 && n.output().dtype() == DType.I8) {
                Value y = n.output();
                Value raw = s.addNode(n.op(), ins, List.of(y.name() + "/raw"), n.origin()).output();
                sim.put(y, fakeQuant(s, raw, y.quant(), DType.I8, y.name()));
            } else {
                List<String> names = new ArrayList<>();
                for (Value y : n.outputs()) {
                    names.add(y.name());
                }
                Node m = s.addNode(n.op(), ins, names, n.origin());
                for (int i = 0; i < names.size(); i++) {
                    sim.put(n.outputs().get(i), m.outputs().get(i));
                }
            }
        }
        for (var e : lowered.sources().entrySet()) {
            Value qv = e.getKey();
            if ((qv.dtype() == DType.I8 || qv.dtype() == DType.U8) && !qv.isConstant() && sim.containsKey(qv)) {
                compare.put(sim.get(qv).name(), e.getValue().name());
            }
        }
        List<Value> outs = new ArrayList<>();
        for (Value y : q.outputs()) {
            outs.add(sim.get(y));
        }
        s.setOutputs(distinct(outs));
        return new Result(s, compare);
    }

    /** The float graph with a shadow of each int8 op of {@code lowered} (see the class comment). */
    static Result layerwise(Graph floatGraph, Int8Lowering.Result lowered) {
        Graph s = floatGraph.copy();
        s.setName(floatGraph.name() + "-layerwise");
        Map<String, String> compare = new LinkedHashMap<>();
        Map<Value, Value> constants = new IdentityHashMap<>();
        Map<String, Value> quantizedInputs = new LinkedHashMap<>();
        Map<Value, Value> sources = lowered.sources();
        for (Node n : lowered.graph().nodes()) {
            if (n.op() instanceof Quantize || n.op() instanceof Dequantize || n.outputs().size() != 1
                    || n.output().dtype() != DType.I8 || !sources.containsKey(n.output())) {
                continue;
            }
            List<Value> ins = new ArrayList<>();
            for (Value v : n.inputs()) {
                if (v.isConstant()) {
                    ins.add(constant(s, v, constants));
                    continue;
                }
                Value fv = s.value(sources.get(v).name()).orElseThrow();
                if (v.dtype() == DType.I8) {
                    String key = fv.name();
                    Value fq = quantizedInputs.get(key);
                    if (fq == null) {
                        fq = fakeQuant(s, fv, v.quant(), DType.I8, fv.name() + "/local_in");
                        quantizedInputs.put(key, fq);
                    }
                    ins.add(fq);
                } else {
                    ins.add(fv);
                }
            }
            String target = sources.get(n.output()).name();
            Value raw = s.addNode(n.op(), ins, List.of(target + "/local_raw"), n.origin()).output();
            Value shadow = fakeQuant(s, raw, n.output().quant(), DType.I8, target + "/local");
            compare.put(shadow.name(), target);
        }
        return new Result(s, compare);
    }

    /** dequantize(quantize(x)) with parameters {@code p} in type {@code t}; the result is named {@code name}. */
    private static Value fakeQuant(Graph s, Value x, QuantParams p, DType t, String name) {
        Value q = s.addNode(new Quantize(t), List.of(x), List.of(name + "/q"), List.of()).output();
        q.setQuant(p);
        return s.addNode(new Dequantize(), List.of(q), List.of(name), List.of()).output();
    }

    /** A constant of the int8 graph as the float value it stands for. */
    private static Value constant(Graph s, Value c, Map<Value, Value> cache) {
        Value have = cache.get(c);
        if (have != null) {
            return have;
        }
        TensorData d = c.data();
        QuantParams p = c.quant();
        if (p != null && d.dtype() != DType.F32) {
            float[] scales = p.scales();
            int[] zps = p.zeroPoints();
            int n = d.size();
            int[] dims = d.shape().toIntArray();
            int axisLen = p.isPerTensor() ? 1 : dims[p.axis()];
            int stride = 1;
            if (!p.isPerTensor()) {
                for (int k = p.axis() + 1; k < dims.length; k++) {
                    stride *= dims[k];
                }
            }
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                int ch = p.isPerTensor() ? 0 : (i / stride) % axisLen;
                out[i] = scales[ch] * (float) (d.getDouble(i) - zps[ch]);
            }
            d = TensorData.ofFloats(d.shape(), out);
        }
        Value v = s.addConstant(c.name() + "/dequantized", d);
        cache.put(c, v);
        return v;
    }

    /** The outputs without repeats or constants, which the native format does not take as outputs. */
    private static List<Value> distinct(List<Value> outs) {
        List<Value> d = new ArrayList<>();
        for (Value v : outs) {
            if (!d.contains(v) && !v.isConstant()) {
                d.add(v);
            }
        }
        return d;
    }
}
