package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Cast;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Concat;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.Dequantize;
import dev.mnc.ir.ops.HardSigmoid;
import dev.mnc.ir.ops.HardSwish;
import dev.mnc.ir.ops.Identity;
import dev.mnc.ir.ops.LeakyRelu;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Mean;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Pad;
import dev.mnc.ir.ops.Quantize;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.ops.Reshape;
import dev.mnc.ir.ops.Resize;
import dev.mnc.ir.ops.Sigmoid;
import dev.mnc.ir.ops.Slice;
import dev.mnc.ir.ops.Softmax;
import dev.mnc.ir.ops.Transpose;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code layout-nhwc}: converts an NCHW graph to NHWC, the layout TFLite and mnc's runtime compute
 * in, so that a MobileNet (V1/V2/V3 with SE blocks, hard swish, residual adds, global pooling,
 * flatten and classifier; PP-OCR's FPN with resize, concat and conv_transpose2d) ends up with no
 * transpose inside.
 *
 * <pre>
 * Before:
 *   graph @g(%x: f32[1,3,8,8] nchw) {
 *     %c = conv2d(%x, @w) {layout=nchw}                   # w [4,3,1,1] OIHW
 *     %y = add(%c, @b)                                    # b [4,1,1]
 * After (layout.io=nhwc):
 *   graph @g(%x: f32[1,8,8,3] nhwc) {
 *     %c = conv2d(%x, @w) {layout=nhwc}                   # w [4,1,1,3] OHWI
 *     %y = add(%c, @b)                                    # b [4]
 * </pre>
 *
 * <p>How: every NCHW tensor gets an NHWC physical form, y_phys = transpose(y, (0,2,3,1)). Nodes
 * are visited in topological order; each either works on the physical forms directly (with its
 * attributes and constants remapped) or, when it cannot, reads an NCHW form made by an explicit
 * transpose (made once per value). Rules:
 * <ul>
 * <li>Spatial ops switch their layout attribute: conv2d (weights OIHW to OHWI, so depthwise
 *     [O,1,kh,kw] becomes [O,kh,kw,1]), conv_transpose2d ([I,O,kh,kw] to [O,kh,kw,I]; group 1
 *     only), max/avg pooling, resize, batch_norm.</li>
 * <li>Elementwise ops (activations, casts, add/sub/mul/div) follow their input; a constant operand
 *     is permuted after numpy broadcasting, ([C,1,1] or [1,C,1,1] become [C] or [1,1,1,C]).</li>
 * <li>concat, mean, softmax, slice and pad get their axes remapped: logical axis a is physical
 *     axis (0,3,1,2)[a].</li>
 * <li>A reshape reads the physical form when that has the same memory order as the logical one
 *     (only size-1 axes move: the flatten after global pooling, H = W = 1); one that truly mixes C
 *     with H/W gets an explicit NHWC-to-NCHW transpose before it, and a warning. A rank-4 reshape
 *     result of compatible memory order (the [N,C] to [N,C,1,1] of an SE block) is produced in
 *     NHWC directly.</li>
 * <li>A transpose is composed with the layout change; when the composition is the identity (the
 *     NHWC input of a tf2onnx model followed by transpose(0,3,1,2)) it disappears.</li>
 * <li>Other ops (fully_connected, matmul, gather) read NCHW forms.</li>
 * </ul>
 * Boundary, option {@code layout.io}: {@code nhwc} makes rank-4 NCHW graph inputs and outputs NHWC
 * (inputs change shape, as Google's converter does); {@code nchw} keeps them and adds exactly one
 * transpose per rank-4 input and output. A final cleanup composes adjacent transposes, turns a
 * transpose that moves only size-1 axes into a reshape, merges chained reshapes and drops no-op
 * ones; then types are re-inferred.
 *
 * <p>Math: transpose is a bijection; every rule computes the same logical tensor.
 *
 * <p>Skips when (the op stays NCHW, with a transpose each way): a grouped conv_transpose2d (NHWC
 * supports group 1 only); a conv whose weight is not a constant; a mean without keep_dims whose
 * kept axes would change order; a binary op whose other operand broadcasts from a lower rank and
 * is not a constant; a reshape that mixes channels with H/W (see above). Each kept transpose is
 * reported as a warning to the diagnostics sink. A graph whose only NCHW ops cannot convert is left
 * as it is.
 */
public final class LayoutNhwc implements Pass {
    /** The layout of rank-4 graph inputs and outputs after conversion. */
    public static final PassOption<IoLayout> IO_LAYOUT = PassOption.ofEnum("layout.io",
            "layout of rank-4 model inputs and outputs after layout-nhwc", IoLayout.NHWC);

    private static final PassInfo INFO = PassInfo.of("layout-nhwc",
            "converts NCHW to NHWC with no transposes inside a MobileNet");
    static final int[] N2H = Transpose.NCHW_TO_NHWC;
    static final int[] H2N = Transpose.NHWC_TO_NCHW;

    private final IoLayout defaultIo;

    /** With {@code layout.io} defaulting to nhwc. */
    public LayoutNhwc() {
        this(IoLayout.NHWC);
    }

    /** With {@code layout.io} defaulting to {@code defaultIo} (a context value still wins). */
    public LayoutNhwc(IoLayout defaultIo) {
        this.defaultIo = defaultIo;
    }

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public List<PassOption<?>> options() {
        return List.of(IO_LAYOUT);
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        IoLayout io = context.find(IO_LAYOUT).orElse(defaultIo);
        new Conversion(graph, io, result, context.diagnostics()).run();
        if (result.hasChanged()) {
            TransposeCleanup.run(graph, result);
            graph.inferTypes();
        }
        return result.build();
    }

    /** How an original value is now held: its physical value and whether that is NHWC of an NCHW tensor. */
    private record Form(Value phys, boolean nhwc) {}

    /** One conversion of one graph. */
    private static final class Conversion {
        private final Graph g;
        private final IoLayout io;
        private final PassResult.Builder result;
        private final Diagnostics diagnostics;
        private final Map<Value, Form> forms = new IdentityHashMap<>();
        private final Map<Value, Value> nhwcMemo = new IdentityHashMap<>();
        private final Map<Value, Value> nchwMemo = new IdentityHashMap<>();
        private final Map<String, Value> constantMemo = new HashMap<>();
        private final List<Node> bypassed = new ArrayList<>();

        Conversion(Graph g, IoLayout io, PassResult.Builder result, Diagnostics diagnostics) {
            this.g = g;
            this.io = io;
            this.result = result;
            this.diagnostics = diagnostics;
        }

        void run() {
            List<Node> order = g.nodes();
            if (order.stream().noneMatch(n -> needsConversion(n.op()) && convertible(n) == null)) {
                for (Node n : order) {
                    if (needsConversion(n.op())) {
                        result.add(RewriteEvent.skipped(n, "stays NCHW: " + convertible(n)));
                    }
                }
                return;
            }
            for (Value in : g.inputs()) {
                if (isNchwInput(in)) {
                    if (io == IoLayout.NHWC) {
                        g.setInputType(in, new TensorType(in.dtype(), in.shape().permute(N2H), Layout.NHWC));
                        forms.put(in, new Form(in, true));
                        result.add(new RewriteEvent.Applied("graph input %" + in.name(), "now NHWC " + in.shape()));
                    } else {
                        // One transpose at the boundary; every reader then sees the input in NHWC.
                        Value t = g.addNode(new Transpose(N2H), List.of(in), List.of(in.name() + ".nhwc"), List.of())
                                .output();
                        forms.put(in, new Form(t, true));
                    }
                }
            }
            for (Node n : order) {
                convert(n);
            }
            finishOutputs();
            for (Node n : bypassed) {
                GraphEdits.removeWithDeadInputs(g, n);
            }
            result.changed();
        }

        private static boolean needsConversion(Op op) {
            return op.layout() == Layout.NCHW;
        }

        /** Null if this NCHW spatial node has an NHWC form, else why not. */
        private static String convertible(Node n) {
            if (n.op() instanceof ConvTranspose2d t && t.group() != 1) {
                return "conv_transpose2d with group " + t.group() + " has no NHWC form";
            }
            if ((n.op() instanceof Conv2d || n.op() instanceof ConvTranspose2d) && !n.input(1).isConstant()) {
                return "its weight %" + n.input(1).name() + " is not a constant";
            }
            return null;
        }

        /** A rank-4 input tagged NCHW, or untagged and read directly by an NCHW spatial op. */
        private boolean isNchwInput(Value in) {
            if (in.type().rank() != 4 || in.type().layout() == Layout.NHWC) {
                return false;
            }
            if (in.type().layout() == Layout.NCHW) {
                return true;
            }
            for (Node u : in.users()) {
                if (needsConversion(u.op()) && u.input(0) == in) {
                    return true;
                }
            }
            return false;
        }

        private Form form(Value v) {
            return forms.getOrDefault(v, new Form(v, false));
        }

        /** The NHWC physical form of a rank-4 logical NCHW value, made by a transpose if needed. */
        private Value nhwcOf(Value v) {
            Form f = form(v);
            if (f.nhwc()) {
                return f.phys();
            }
            if (v.isConstant()) {
                return permutedConstant(f.phys(), N2H, ".nhwc");
            }
            return nhwcMemo.computeIfAbsent(f.phys(), p -> g.addNode(new Transpose(N2H), List.of(p),
                    List.of(p.name() + ".nhwc"), List.of()).output());
        }

        /** The value in its original (logical) layout, made by a transpose back if needed. */
        private Value asIs(Value v) {
            Form f = form(v);
            if (!f.nhwc()) {
                return f.phys();
            }
            return nchwMemo.computeIfAbsent(f.phys(), p -> g.addNode(new Transpose(H2N), List.of(p),
                    List.of(p.name() + ".nchw"), List.of()).output());
        }

        private void keptTranspose(Node n, String why) {
            String msg = n.describe() + ": kept a transpose to NCHW before it: " + why;
            diagnostics.warn(INFO.name(), msg);
            result.add(RewriteEvent.skipped(n, "kept a transpose to NCHW before it: " + why));
        }

        private void convert(Node n) {
            Op op = n.op();
            List<Value> ins = n.inputs();
            boolean anyNhwc = ins.stream().anyMatch(v -> form(v).nhwc());
            String unconvertible = needsConversion(op) ? convertible(n) : null;
            if (unconvertible != null) {
                keptTranspose(n, unconvertible);
                keepAsIs(n);
            } else if (op instanceof Conv2d c && c.layout() == Layout.NCHW) {
                List<Value> next = new ArrayList<>(ins);
                next.set(0, nhwcOf(ins.get(0)));
                next.set(1, permutedConstant(ins.get(1), N2H, ".ohwi"));
                rewrite(n, next, c.withLayout(Layout.NHWC), true);
            } else if (op instanceof ConvTranspose2d t && t.layout() == Layout.NCHW) {
                List<Value> next = new ArrayList<>(ins);
                next.set(0, nhwcOf(ins.get(0)));
                next.set(1, permutedConstant(ins.get(1), new int[] {1, 2, 3, 0}, ".ohwi"));
                rewrite(n, next, t.withLayout(Layout.NHWC), true);
            } else if (op instanceof MaxPool2d m && m.layout() == Layout.NCHW) {
                rewrite(n, List.of(nhwcOf(ins.get(0))), m.withLayout(Layout.NHWC), true);
            } else if (op instanceof AvgPool2d a && a.layout() == Layout.NCHW) {
                rewrite(n, List.of(nhwcOf(ins.get(0))), a.withLayout(Layout.NHWC), true);
            } else if (op instanceof Resize r && r.layout() == Layout.NCHW) {
                rewrite(n, List.of(nhwcOf(ins.get(0))), r.withLayout(Layout.NHWC), true);
            } else if (op instanceof BatchNorm b && (b.layout() == Layout.NCHW
                    || b.layout() == Layout.NONE && ins.get(0).type().rank() == 4 && anyNhwc)) {
                List<Value> next = new ArrayList<>(ins);
                next.set(0, nhwcOf(ins.get(0)));
                rewrite(n, next, b.withLayout(Layout.NHWC), true);
            } else if (!anyNhwc) {
                if (op instanceof Reshape r && n.output().type().rank() == 4 && sameMemoryOrder(n.output().shape())) {
                    rewrite(n, List.of(form(ins.get(0)).phys()), new Reshape(n.output().shape().permute(N2H)
                            .toLongArray()), true);
                } else if (op instanceof Transpose) {
                    transpose(n);
                } else {
                    keepAsIs(n);
                }
            } else if (isElementwiseUnary(op)) {
                rewrite(n, List.of(nhwcOf(ins.get(0))), op, true);
            } else if (op instanceof Binary) {
                binary(n);
            } else if (op instanceof Concat c) {
                List<Value> next = new ArrayList<>();
                for (Value v : ins) {
                    next.add(v.type().rank() == 4 ? nhwcOf(v) : null);
                }
                if (next.contains(null)) {
                    keepAsIs(n);
                } else {
                    rewrite(n, next, new Concat(H2N[c.axis()]), true);
                }
            } else if (op instanceof Softmax s) {
                rewrite(n, List.of(nhwcOf(ins.get(0))), new Softmax(H2N[s.axis()]), true);
            } else if (op instanceof Slice s) {
                int[] axes = s.axes().clone();
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = H2N[axes[i]];
                }
                rewrite(n, List.of(nhwcOf(ins.get(0))), new Slice(s.starts(), s.ends(), axes, s.steps()), true);
            } else if (op instanceof Pad p) {
                long[] pads = new long[8];
                for (int i = 0; i < 4; i++) {
                    pads[i] = p.begin(N2H[i]);
                    pads[4 + i] = p.end(N2H[i]);
                }
                rewrite(n, List.of(nhwcOf(ins.get(0))), new Pad(pads, p.mode(), p.value()), true);
            } else if (op instanceof Mean m) {
                mean(n, m);
            } else if (op instanceof Reshape r) {
                reshape(n, r);
            } else if (op instanceof Transpose) {
                transpose(n);
            } else {
                keepAsIs(n);
            }
        }

        private static boolean isElementwiseUnary(Op op) {
            return op instanceof Relu || op instanceof Clip || op instanceof Sigmoid || op instanceof HardSigmoid
                    || op instanceof HardSwish || op instanceof LeakyRelu || op instanceof Identity
                    || op instanceof Cast || op instanceof Quantize || op instanceof Dequantize;
        }

        /** Rewires {@code n} to {@code inputs} with {@code op}; its outputs are NHWC forms if {@code nhwc}. */
        private void rewrite(Node n, List<Value> inputs, Op op, boolean nhwc) {
            n.setInputs(inputs);
            n.setOp(op);
            for (Value out : n.outputs()) {
                forms.put(out, new Form(out, nhwc && out.type().rank() == 4));
            }
        }

        /** The node computes on logical (NCHW) forms of its inputs, unchanged. */
        private void keepAsIs(Node n) {
            List<Value> next = new ArrayList<>();
            for (Value v : n.inputs()) {
                next.add(asIs(v));
            }
            rewrite(n, next, n.op(), false);
        }

        private void binary(Node n) {
            Value out = n.output();
            if (out.type().rank() != 4) {
                keepAsIs(n);
                return;
            }
            List<Value> next = new ArrayList<>();
            for (Value v : n.inputs()) {
                Form f = form(v);
                if (f.nhwc()) {
                    next.add(f.phys());
                } else if (v.isConstant()) {
                    next.add(broadcastConstant(v));
                } else if (v.type().rank() == 4) {
                    next.add(nhwcOf(v));
                } else {
                    keptTranspose(n, "operand %" + v.name() + " " + v.shape() + " broadcasts from a lower rank");
                    keepAsIs(n);
                    return;
                }
            }
            rewrite(n, next, n.op(), true);
        }

        private void mean(Node n, Mean m) {
            int[] axes = new int[m.axes().length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = H2N[m.axes()[i]];
            }
            Value x = n.input(0);
            if (m.keepDims()) {
                rewrite(n, List.of(nhwcOf(x)), new Mean(axes, true), true);
                return;
            }
            int last = -1;
            for (int a = 0; a < 4; a++) {
                if (Arrays.binarySearch(m.axes(), a) < 0) {
                    if (H2N[a] < last) {
                        keptTranspose(n, "its kept axes would change order");
                        keepAsIs(n);
                        return;
                    }
                    last = H2N[a];
                }
            }
            rewrite(n, List.of(nhwcOf(x)), new Mean(axes, false), false);
        }

        private void reshape(Node n, Reshape r) {
            Value x = n.input(0);
            Shape logical = logicalShape(x);
            Value out = n.output();
            if (!sameMemoryOrder(logical)) {
                keptTranspose(n, "it mixes channels with height and width of " + logical);
                keepAsIs(n);
                return;
            }
            Value phys = form(x).phys();
            if (out.type().rank() == 4 && sameMemoryOrder(out.shape())) {
                rewrite(n, List.of(phys), new Reshape(out.shape().permute(N2H).toLongArray()), true);
            } else {
                rewrite(n, List.of(phys), r, false);
            }
        }

        /** The shape {@code v} had before conversion. */
        private Shape logicalShape(Value v) {
            Form f = form(v);
            return f.nhwc() ? f.phys().shape().permute(H2N) : f.phys().shape();
        }

        /** Composes a transpose with the layout change of its input and output; drops it if that is the identity. */
        private void transpose(Node n) {
            int[] perm = ((Transpose) n.op()).perm();
            Value out = n.output();
            Form in = form(n.input(0));
            int rank = perm.length;
            int[] base = in.nhwc() ? compose(H2N, perm) : perm;
            int[] viaNhwc = rank == 4 ? compose(base, N2H) : null;
            if (viaNhwc != null && isIdentity(viaNhwc) || isIdentity(base)) {
                boolean nhwc = viaNhwc != null && isIdentity(viaNhwc);
                forms.put(out, new Form(in.phys(), nhwc));
                bypassed.add(n);
                result.add(RewriteEvent.applied(n, "cancelled against the layout change"));
                return;
            }
            boolean nhwc = viaNhwc != null && out.type().layout() == Layout.NCHW;
            rewrite(n, List.of(in.phys()), new Transpose(nhwc ? viaNhwc : base), nhwc);
        }

        private void finishOutputs() {
            List<Value> outs = new ArrayList<>(g.outputs());
            List<String> names = new ArrayList<>();
            boolean changed = false;
            for (int i = 0; i < outs.size(); i++) {
                Value v = outs.get(i);
                names.add(v.name());
                if (g.isGraphInput(v)) {
                    continue;
                }
                Form f = form(v);
                Value fin = f.nhwc() && io == IoLayout.NCHW ? asIs(v) : f.phys();
                if (fin != v) {
                    outs.set(i, fin);
                    changed = true;
                }
                if (f.nhwc() && io == IoLayout.NHWC) {
                    result.add(new RewriteEvent.Applied("graph output %" + v.name(), "now NHWC " + fin.shape()));
                }
            }
            if (!changed) {
                return;
            }
            g.setOutputs(outs);
            for (int i = 0; i < outs.size(); i++) {
                Value fin = outs.get(i);
                String name = names.get(i);
                if (fin.name().equals(name) || fin.isConstant() || g.isGraphInput(fin)
                        || outs.indexOf(fin) != outs.lastIndexOf(fin)) {
                    continue;
                }
                Value old = g.value(name).orElse(null);
                if (old != null && (g.isGraphInput(old) || old.isConstant())) {
                    continue;
                }
                if (old != null) {
                    g.rename(old, g.uniqueName(name + ".inner"));
                }
                g.rename(fin, name);
            }
        }

        /** A constant permuted by {@code perm}: in place when nothing else reads it, else a memoized copy. */
        private Value permutedConstant(Value c, int[] perm, String suffix) {
            TensorData data = DataMovementEvaluator.transpose(c.data(), perm);
            Value out = reshapedConstant(c, data, suffix);
            QuantParams q = c.quant();
            if (q != null && !q.isPerTensor()) {
                int axis = 0;
                while (perm[axis] != q.axis()) {
                    axis++;
                }
                out.setQuant(QuantParams.perAxis(q.scales(), q.zeroPoints(), axis));
            }
            return out;
        }

        /** An elementwise operand constant, broadcast-aligned to rank 4, in NHWC. */
        private Value broadcastConstant(Value c) {
            TensorData d = c.data();
            int rank = d.shape().rank();
            if (d.size() == 1) {
                return c;
            }
            long[] dims = new long[4];
            Arrays.fill(dims, 1);
            for (int i = 0; i < rank; i++) {
                dims[4 - rank + i] = d.shape().size(i);
            }
            TensorData p = DataMovementEvaluator.transpose(d.reshape(Shape.of(dims)), N2H);
            long[] pd = p.shape().toLongArray();
            int start = 0;
            if (rank < 4) {
                while (start < 3 && pd[start] == 1) {
                    start++;
                }
            }
            return reshapedConstant(c, p.reshape(Shape.of(Arrays.copyOfRange(pd, start, 4))), ".nhwc");
        }

        private Value reshapedConstant(Value c, TensorData data, String suffix) {
            if (c.users().size() == 1 && !g.isGraphOutput(c)) {
                g.setConstantData(c, data);
                return c;
            }
            return constantMemo.computeIfAbsent(c.name() + suffix, k -> g.addConstant(k, data));
        }
    }

    /** True when a tensor of this NCHW shape has the same row-major order as its NHWC transpose. */
    static boolean sameMemoryOrder(Shape nchw) {
        if (nchw.rank() != 4) {
            return false;
        }
        int last = -1;
        for (int p : N2H) {
            if (!nchw.dim(p).isStatic() || nchw.size(p) != 1) {
                if (p < last) {
                    return false;
                }
                last = p;
            }
        }
        return true;
    }

    /** Apply {@code first}, then {@code second}: result[i] = first[second[i]]. */
    static int[] compose(int[] first, int[] second) {
        int[] r = new int[second.length];
        for (int i = 0; i < second.length; i++) {
            r[i] = first[second[i]];
        }
        return r;
    }

    static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }
}
