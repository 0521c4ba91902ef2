package dev.mnc.backend.onnx;

import static dev.mnc.backend.onnx.ProtoGraph.attr;
import static dev.mnc.backend.onnx.ProtoGraph.ints;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Gather;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.LeakyRelu;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Mean;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Pad;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Resize;
import dev.mnc.ir.ops.Sigmoid;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.ir.ops.Transpose;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes one IR node as ONNX nodes (opset 13, HardSwish from 14), inverting the ONNX frontend's
 * mapping:
 * <ul>
 * <li>{@code conv2d} is Conv (kernel_shape from the OIHW weight, pads in ONNX's
 *     [top, left, bottom, right] order, which is the IR's); {@code conv_transpose2d} is
 *     ConvTranspose; {@code fully_connected} is Gemm with transB = 1 (the IR weight is [O, K]);
 *     {@code matmul} is MatMul.</li>
 * <li>A fused activation becomes a node after the op: relu is Relu, relu6 Clip(0, 6),
 *     relu_n1_to_1 Clip(-1, 1); the op's own result gets a fresh name ({@code y/pre_act}).</li>
 * <li>{@code clip} is Clip with its bounds as scalar inputs (an infinite bound is left out);
 *     {@code mean} over H and W with kept dims is GlobalAveragePool, any other mean ReduceMean;
 *     {@code reshape}, {@code pad} and {@code slice} get their shapes, pads and ranges as int64
 *     inputs.</li>
 * <li>{@code resize} is Resize with sizes when their implied scale out/in is the IR's, else with
 *     the IR's scales when they reproduce its output size (floor(in * scale), ONNX Runtime's
 *     rule); anything else cannot be written exactly and is refused.</li>
 * <li>{@code hard_swish} is HardSwish at opset 14, else x * Clip(x + 3, 0, 6) / 6.</li>
 * </ul>
 * Quantize and dequantize have no float meaning here and are refused by {@link OnnxWriter} before
 * any node is written.
 */
final class NodeWriter {
    private final ProtoGraph pg;
    private final boolean hardSwishOp;

    /** @param hardSwishOp write HardSwish nodes (opset 14) rather than the primitive form */
    NodeWriter(ProtoGraph pg, boolean hardSwishOp) {
        this.pg = pg;
        this.hardSwishOp = hardSwishOp;
    }

    void write(Node n) {
        Op op = n.op();
        String name = n.displayName();
        List<String> in = new ArrayList<>();
        for (Value v : n.inputs()) {
            in.add(v.name());
        }
        String out = n.output().name();
        if (op instanceof Conv2d c) {
            String pre = preActivation(c.activation(), out);
            int[] k = {n.input(1).shape().intSize(2), n.input(1).shape().intSize(3)};
            pg.node("Conv", name, in, List.of(pre), ints("kernel_shape", k), ints("strides", c.strides()),
                    ints("dilations", c.dilations()), ints("pads", c.pads()), attr("group", c.group()));
            activation(c.activation(), name, pre, out);
        } else if (op instanceof ConvTranspose2d c) {
            int[] k = {n.input(1).shape().intSize(2), n.input(1).shape().intSize(3)};
            pg.node("ConvTranspose", name, in, List.of(out), ints("kernel_shape", k), ints("strides", c.strides()),
                    ints("dilations", c.dilations()), ints("pads", c.pads()),
                    ints("output_padding", c.outputPadding()), attr("group", c.group()));
        } else if (op instanceof FullyConnected f) {
            String pre = preActivation(f.activation(), out);
            pg.node("Gemm", name, in, List.of(pre), attr("transB", 1));
            activation(f.activation(), name, pre, out);
        } else if (op instanceof MatMul) {
            pg.node("MatMul", name, in, List.of(out));
        } else if (op instanceof BatchNorm b) {
            pg.node("BatchNormalization", name, in, List.of(out), attr("epsilon", b.epsilon()));
        } else if (op instanceof Binary b) {
            String pre = preActivation(b.activation(), out);
            String type = b.kind().text().substring(0, 1).toUpperCase(Locale.ROOT) + b.kind().text().substring(1);
            pg.node(type, name, in, List.of(pre));
            activation(b.activation(), name, pre, out);
        } else if (op instanceof Relu) {
            pg.node("Relu", name, in, List.of(out));
        } else if (op instanceof Sigmoid) {
            pg.node("Sigmoid", name, in, List.of(out));
        } else if (op instanceof Identity) {
            pg.node("Identity", name, in, List.of(out));
        } else if (op instanceof LeakyRelu l) {
            pg.node("LeakyRelu", name, in, List.of(out), attr("alpha", l.alpha()));
        } else if (op instanceof HardSigmoid h) {
            pg.node("HardSigmoid", name, in, List.of(out), attr("alpha", h.alpha()), attr("beta", h.beta()));
        } else if (op instanceof HardSwish) {
            hardSwish(name, in.get(0), out);
        } else if (op instanceof Clip c) {
            clip(name, in.get(0), out, c.min(), c.max());
        } else if (op instanceof AvgPool2d p) {
            pg.node("AveragePool", name, in, List.of(out), ints("kernel_shape", p.kernel()),
                    ints("strides", p.strides()), ints("pads", p.pads()),
                    attr("count_include_pad", p.countIncludePad() ? 1 : 0));
        } else if (op instanceof MaxPool2d p) {
            pg.node("MaxPool", name, in, List.of(out), ints("kernel_shape", p.kernel()),
                    ints("strides", p.strides()), ints("pads", p.pads()));
        } else if (op instanceof Mean m) {
            mean(n, m, name, in, out);
        } else if (op instanceof Reshape r) {
            for (long d : r.shape()) {
                if (d == 0) {
                    throw new MncException("reshape to " + Arrays.toString(r.shape()) + " has a zero dim, which ONNX "
                            + "Reshape reads as 'copy the input dim'");
                }
            }
            String shape = pg.int64s(out + "/shape", r.shape());
            pg.node("Reshape", name, List.of(in.get(0), shape), List.of(out));
        } else if (op instanceof Transpose t) {
            pg.node("Transpose", name, in, List.of(out), ints("perm", t.perm()));
        } else if (op instanceof Concat c) {
            pg.node("Concat", name, in, List.of(out), attr("axis", c.axis()));
        } else if (op instanceof Softmax s) {
            pg.node("Softmax", name, in, List.of(out), attr("axis", s.axis()));
        } else if (op instanceof Pad p) {
            String pads = pg.int64s(out + "/pads", p.pads());
            String value = pg.scalar(out + "/value", p.value());
            pg.node("Pad", name, List.of(in.get(0), pads, value), List.of(out), attr("mode", p.mode().text()));
        } else if (op instanceof Resize r) {
            resize(n, r, name, in.get(0), out);
        } else if (op instanceof Slice s) {
            long[] axes = Arrays.stream(s.axes()).asLongStream().toArray();
            List<String> ins = List.of(in.get(0), pg.int64s(out + "/starts", s.starts()),
                    pg.int64s(out + "/ends", s.ends()), pg.int64s(out + "/axes", axes),
                    pg.int64s(out + "/steps", s.steps()));
            pg.node("Slice", name, ins, List.of(out));
        } else if (op instanceof Gather g) {
            pg.node("Gather", name, in, List.of(out), attr("axis", g.axis()));
        } else if (op instanceof Cast c) {
            pg.node("Cast", name, in, List.of(out), attr("to", OnnxTensors.dataType(c.to()).getNumber()));
        } else {
            throw new MncException("op " + op.name() + " has no ONNX form");
        }
    }

    /** The name the op itself writes: {@code out}, or a fresh one when an activation node follows. */
    private String preActivation(Activation a, String out) {
        return a == Activation.NONE ? out : pg.freshTensor(out + "/pre_act");
    }

    private void activation(Activation a, String name, String in, String out) {
        switch (a) {
            case NONE -> { }
            case RELU -> pg.node("Relu", name + "/" + a.text(), List.of(in), List.of(out));
            default -> clip(name + "/" + a.text(), in, out, a.min(), a.max());
        }
    }

    /** Clip with scalar bound inputs; an unbounded side is an omitted input. */
    private void clip(String name, String in, String out, float min, float max) {
        List<String> ins = new ArrayList<>(List.of(in));
        boolean hasMin = min != Float.NEGATIVE_INFINITY;
        boolean hasMax = max != Float.POSITIVE_INFINITY;
        if (hasMin || hasMax) {
            ins.add(hasMin ? pg.scalar(out + "/min", min) : "");
        }
        if (hasMax) {
            ins.add(pg.scalar(out + "/max", max));
        }
        pg.node("Clip", name, ins, List.of(out));
    }

    private void hardSwish(String name, String x, String out) {
        if (hardSwishOp) {
            pg.node("HardSwish", name, List.of(x), List.of(out));
            return;
        }
        String shifted = pg.freshTensor(out + "/add3");
        pg.node("Add", name + "/add", List.of(x, pg.scalar(out + "/three", 3f)), List.of(shifted));
        String gate = pg.freshTensor(out + "/relu6");
        clip(name + "/clip", shifted, gate, 0f, 6f);
        String product = pg.freshTensor(out + "/mul");
        pg.node("Mul", name + "/mul", List.of(x, gate), List.of(product));
        pg.node("Div", name + "/div", List.of(product, pg.scalar(out + "/six", 6f)), List.of(out));
    }

    private void mean(Node n, Mean m, String name, List<String> in, String out) {
        boolean global = n.input(0).type().rank() == 4 && m.keepDims() && Arrays.equals(m.axes(), new int[] {2, 3});
        if (global) {
            pg.node("GlobalAveragePool", name, in, List.of(out));
        } else {
            pg.node("ReduceMean", name, in, List.of(out), ints("axes", m.axes()), attr("keepdims", m.keepDims() ? 1 : 0));
        }
    }

    /**
     * Resize with sizes when out/in is the IR's scale on both axes (sizes leave no doubt about the
     * output size), else with scales when floor(in * scale) gives the IR's size; the coordinate
     * mapping uses exactly the IR's scale either way.
     */
    private void resize(Node n, Resize r, String name, String x, String out) {
        long[] in = n.input(0).shape().toLongArray();
        float[] sc = r.scales();
        long[] size = r.size();
        boolean byScales = true;
        boolean bySizes = true;
        for (int i = 0; i < 2; i++) {
            byScales &= (long) (sc[i] * (float) in[i + 2]) == size[i];
            bySizes &= (float) size[i] / (float) in[i + 2] == sc[i];
        }
        List<String> ins;
        if (bySizes) {
            ins = List.of(x, "", "", pg.int64s(out + "/sizes", in[0], in[1], size[0], size[1]));
        } else if (byScales) {
            ins = List.of(x, "", pg.floats(out + "/scales", 1f, 1f, sc[0], sc[1]));
        } else {
            throw new MncException("resize to " + Arrays.toString(size) + " with scales " + Arrays.toString(sc)
                    + " from " + Arrays.toString(in) + " has no exact ONNX Resize form (the size is neither"
                    + " floor(in * scale) nor does out/in equal the scale)");
        }
        pg.node("Resize", name, ins, List.of(out), attr("mode", lower(r.mode())),
                attr("coordinate_transformation_mode", lower(r.coord())), attr("nearest_mode", lower(r.nearest())));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
