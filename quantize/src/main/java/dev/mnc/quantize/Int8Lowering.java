package dev.mnc.quantize;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Rounding;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Dequantize;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Quantize;
import dev.mnc.quantize.observe.Range;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the int8 graph a {@link QuantPlan} describes: int8 nodes read and write {@code i8}
 * values carrying their plan parameters, conv2d and fully_connected read int8 weights and int32
 * biases ({@link QuantizedWeights}), float nodes keep running in float, and a {@code quantize}
 * or {@code dequantize} appears wherever a value crosses between the two, at most once per value.
 *
 * <p>Names: every value keeps its float-graph name on the version its producer makes (the int8
 * output of an int8 node, the float output of a float node); a converted version is named
 * {@code <name>/int8}, {@code <name>/float} or {@code <name>/uint8}. Graph inputs and outputs keep
 * their names on the version of the model's I/O type, so the model's interface keeps its names:
 * with float I/O the input {@code x} is followed by {@code x/int8 = quantize(x)}, and an output
 * {@code y} is {@code dequantize(y/int8)}. uint8 I/O converts with {@code quantize} (i8 to u8 and
 * back), the zero point moved by 128.
 *
 * <p>A constant operand of an int8 op (the 3 of an add) becomes an int8 constant: with the
 * class's parameters for ops that keep the scale, else with parameters of its own range.
 */
final class Int8Lowering {
    /**
     * The int8 graph, and for each of its values that stands for a float-graph value (int8,
     * uint8 or float version, constants included) that float-graph value.
     */
    record Result(Graph graph, Map<Value, Value> sources) {}

    private enum Version { INT8, FLOAT, UINT8 }

    private final QuantPlan plan;
    private final Graph f;
    private final Map<Node, QuantizedWeights> weights;
    private final IoType io;
    private final Graph q;
    private final Map<Value, Value> int8 = new IdentityHashMap<>();
    private final Map<Value, Value> plain = new IdentityHashMap<>();
    private final Map<Value, Value> uint8 = new IdentityHashMap<>();
    private final Map<Value, Value> sources = new IdentityHashMap<>();

    private Int8Lowering(QuantPlan plan, Map<Node, QuantizedWeights> weights, IoType io) {
        this.plan = plan;
        this.f = plan.graph();
        this.weights = weights;
        this.io = io;
        this.q = new Graph(f.name());
        q.metadata().putAll(f.metadata());
    }

    /** Builds the int8 graph of {@code plan} with the given weights and model I/O type. */
    static Result lower(QuantPlan plan, Map<Node, QuantizedWeights> weights, IoType io) {
        Int8Lowering l = new Int8Lowering(plan, weights, io);
        l.run();
        return new Result(l.q, l.sources);
    }

    private void run() {
        for (Value x : f.inputs()) {
            QuantParams p = plan.params(x);
            if (p == null) {
                putPlain(x, q.addInput(x.name(), x.type()));
                continue;
            }
            switch (io) {
                case FLOAT -> putPlain(x, q.addInput(x.name(), x.type()));
                case INT8 -> {
                    Value v = q.addInput(x.name(), x.type().withDType(DType.I8));
                    v.setQuant(p);
                    int8.put(x, v);
                    sources.put(v, x);
                }
                case UINT8 -> {
                    Value v = q.addInput(x.name(), x.type().withDType(DType.U8));
                    v.setQuant(toUint8(p));
                    uint8.put(x, v);
                    sources.put(v, x);
                }
            }
        }
        for (Node n : f.nodes()) {
            if (plan.absorbedBy(n) != null) {
                continue;
            }
            if (plan.isInt8(n)) {
                lowerInt8(n);
            } else {
                lowerFloat(n);
            }
        }
        List<Value> outs = new ArrayList<>();
        for (Value y : f.outputs()) {
            if (plan.params(y) == null) {
                outs.add(plain(y));
                continue;
            }
            outs.add(switch (io) {
                case FLOAT -> plain(y);
                case INT8 -> int8(y);
                case UINT8 -> uint8(y);
            });
        }
        q.setOutputs(outs);
        Verifier.verify(q);
    }

    private void lowerInt8(Node n) {
        Int8Ops.Kind kind = plan.kind(n);
        Value out = plan.int8Output(n);
        List<Value> ins = new ArrayList<>();
        int data = Int8Ops.dataInputs(n);
        for (int i = 0; i < n.numInputs(); i++) {
            Value v = n.input(i);
            if (kind == Int8Ops.Kind.WEIGHTED && i >= 1) {
                continue;
            }
            if (i >= data) {
                ins.add(plain(v));
            } else if (v.isConstant()) {
                QuantParams p = kind == Int8Ops.Kind.SAME ? plan.params(out) : AffineQuantization.activation(range(v));
                ins.add(int8Constant(v, p));
            } else {
                ins.add(int8(v));
            }
        }
        if (kind == Int8Ops.Kind.WEIGHTED) {
            QuantizedWeights w = weights.get(n);
            Value fw = n.input(1);
            Value qw = q.addConstant(fw.name(), TensorData.ofBytes(DType.I8, fw.shape(), w.weights()));
            qw.setQuant(symmetric(w.scales(), w.perChannel()));
            int o = fw.shape().intSize(0);
            String biasName = n.numInputs() > 2 ? n.input(2).name() : out.name() + "/bias";
            Value qb = q.addConstant(biasName, TensorData.ofInts(Shape.of(o), w.bias()));
            qb.setQuant(symmetric(w.biasScales(), w.perChannel()));
            ins.add(qw);
            ins.add(qb);
        }
        Op op = n.op();
        if (Int8Ops.activation(op) != null) {
            op = Int8Ops.withActivation(op, plan.activation(n));
        }
        List<String> origin = new ArrayList<>(n.origin());
        if (out != n.output()) {
            origin.addAll(out.producer().origin());
        }
        Node m = q.addNode(op, ins, List.of(name(out, Version.INT8)), origin);
        m.output().setQuant(plan.params(out));
        int8.put(out, m.output());
        sources.put(m.output(), out);
    }

    private void lowerFloat(Node n) {
        List<Value> ins = new ArrayList<>();
        for (Value v : n.inputs()) {
            ins.add(plain(v));
        }
        List<String> names = new ArrayList<>();
        for (Value v : n.outputs()) {
            names.add(name(v, Version.FLOAT));
        }
        Node m = q.addNode(n.op(), ins, names, n.origin());
        for (int i = 0; i < n.outputs().size(); i++) {
            putPlain(n.outputs().get(i), m.outputs().get(i));
        }
    }

    /** The int8 version of a float-graph value, quantizing its float (or uint8) version on first use. */
    private Value int8(Value v) {
        Value have = int8.get(v);
        if (have != null) {
            return have;
        }
        Value from = uint8.containsKey(v) ? uint8.get(v) : plain(v);
        Value out = q.addNode(new Quantize(DType.I8), List.of(from), List.of(name(v, Version.INT8)), origin(v)).output();
        out.setQuant(plan.params(v));
        int8.put(v, out);
        sources.put(out, v);
        return out;
    }

    /** The version of a float-graph value that float ops read, dequantizing its int8 version on first use. */
    private Value plain(Value v) {
        Value have = plain.get(v);
        if (have != null) {
            return have;
        }
        if (v.isConstant()) {
            Value c = q.addConstant(v.name(), v.data());
            putPlain(v, c);
            return c;
        }
        Value out = q.addNode(new Dequantize(), List.of(int8(v)), List.of(name(v, Version.FLOAT)), origin(v)).output();
        putPlain(v, out);
        return out;
    }

    /** The uint8 version of a value (for uint8 model outputs). */
    private Value uint8(Value v) {
        Value have = uint8.get(v);
        if (have != null) {
            return have;
        }
        Value out = q.addNode(new Quantize(DType.U8), List.of(int8(v)), List.of(name(v, Version.UINT8)), origin(v))
                .output();
        out.setQuant(toUint8(plan.params(v)));
        uint8.put(v, out);
        sources.put(out, v);
        return out;
    }

    private void putPlain(Value v, Value version) {
        plain.put(v, version);
        sources.put(version, v);
    }

    /** The name of one version of a value: the bare name for the version that owns it. */
    private String name(Value v, Version version) {
        return version == owner(v) ? v.name() : v.name() + switch (version) {
            case INT8 -> "/int8";
            case FLOAT -> "/float";
            case UINT8 -> "/uint8";
        };
    }

    /** Which version of {@code v} carries its own name (see the class comment). */
    private Version owner(Value v) {
        boolean boundary = f.isGraphInput(v) || f.isGraphOutput(v);
        if (boundary && plan.params(v) != null) {
            return switch (io) {
                case FLOAT -> Version.FLOAT;
                case INT8 -> Version.INT8;
                case UINT8 -> Version.UINT8;
            };
        }
        Node p = v.producer();
        if (p == null) {
            return Version.FLOAT;
        }
        Node c = plan.absorbedBy(p);
        return plan.isInt8(c != null ? c : p) ? Version.INT8 : Version.FLOAT;
    }

    private static List<String> origin(Value v) {
        return v.producer() == null ? List.of() : v.producer().origin();
    }

    private Value int8Constant(Value v, QuantParams p) {
        float[] x = v.data().toFloats();
        byte[] b = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            long r = (long) Rounding.halfAwayFromZero(x[i] / (double) p.scale()) + p.zeroPoint();
            b[i] = (byte) Math.max(-128, Math.min(127, r));
        }
        Value c = q.addConstant(v.name(), TensorData.ofBytes(DType.I8, v.shape(), b));
        c.setQuant(p);
        return c;
    }

    private static Range range(Value constant) {
        float[] x = constant.data().toFloats();
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new Range(lo, hi);
    }

    private static QuantParams symmetric(float[] scales, boolean perChannel) {
        return perChannel ? QuantParams.perAxis(scales, new int[scales.length], 0) : QuantParams.perTensor(scales[0], 0);
    }

    private static QuantParams toUint8(QuantParams p) {
        return QuantParams.perTensor(p.scale(), p.zeroPoint() + 128);
    }
}
