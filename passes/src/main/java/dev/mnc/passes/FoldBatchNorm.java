package dev.mnc.passes;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.BatchNorm;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import dev.mnc.ir.ops.Op;
import dev.mnc.passes.pattern.RewriteRule;
import dev.mnc.passes.pattern.Rewriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fold-batchnorm}: folds inference-mode batch normalization, and per-channel scales and
 * shifts, into the weights and bias of the conv2d, conv_transpose2d, fully_connected (or matmul
 * with a constant weight) that produces its input.
 *
 * <pre>
 * Before:
 *   %c = conv2d(%x, @w) {layout=nchw}
 *   %y = batch_norm(%c, @gamma, @beta, @mean, @var) {eps=1e-5}
 * After:
 *   %c = conv2d(%x, @w.fold, @beta.fold) {layout=nchw}      # readers of %y read %c
 * </pre>
 *
 * <p>Applies when: the producer's output has exactly one reader, the producer has no fused
 * activation, its weight (and bias, if any) are f32 constants, and the normalized axis is the
 * producer's output-channel axis. The same algebra folds a following {@code mul}/{@code div} by a
 * per-channel constant and {@code add}/{@code sub} of one (a constant that varies only along the
 * channel axis, or a scalar). A {@code batch_norm} whose producer cannot absorb it becomes
 * {@code mul} by a per-channel constant then {@code add}, shaped to broadcast on its channel axis
 * ([C,1,1] in NCHW, [C] in NHWC).
 *
 * <p>Math, in double, per output channel o: s = gamma / sqrt(var + eps), t = beta - mean * s;
 * W'[o,...] = W[o,...] * s, b' = (b - mean) * s + beta (= b * s + t). For a mul by k: s = k, t = 0;
 * div by k: s = 1/k; add t: s = 1; sub t: t = -t. The output channel of a weight element is axis 0
 * for conv2d (OIHW or OHWI), fully_connected ([O,K]) and NHWC conv_transpose2d ([O,kh,kw,I]);
 * for NCHW conv_transpose2d ([I,O/g,kh,kw]) it is g*(O/g) + j for element [i,j,..] with
 * g = i / (I/g); for matmul ([K,O]) it is the column. Computing in double keeps PP-OCRv3's running
 * variances exact: a denormal var (5.6e-45) adds to eps without underflow, a huge one (4.8e7)
 * gives a small, exact scale. A matmul gains an {@code add} of t, having no bias input.
 *
 * <p>Skips when: the batch_norm's parameters are not f32 constants; var + eps is not positive in
 * some channel; a folded or lowered value would not be a finite float; a sub/div has the constant
 * on the left, or divides by zero; an add/sub follows a matmul (no bias slot: matmul-to-fully-
 * connected folds it). A producer that cannot absorb a batch_norm (its output has another reader,
 * a fused activation, non-constant weights, another kind of op) is the reason given for lowering.
 */
public final class FoldBatchNorm implements Pass {
    private static final PassInfo INFO = PassInfo.of("fold-batchnorm",
            "folds batch_norm and per-channel mul/add into the preceding conv or fully_connected");

    @Override
    public PassInfo info() {
        return INFO;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        PassResult.Builder result = PassResult.builder(INFO.name());
        Rewriter.toFixedPoint(graph, result, List.of(new BatchNormRule(), new AffineRule()));
        return result.build();
    }

    /** y' = y * scale + shift per output channel; a null array means 1 (scale) or 0 (shift). */
    private record Affine(double[] scale, double[] shift) {
        double s(int o) {
            return scale == null ? 1 : scale[o];
        }

        double t(int o) {
            return shift == null ? 0 : shift[o];
        }
    }

    private static final class BatchNormRule implements RewriteRule<Node> {
        @Override
        public Optional<Node> match(Node n) {
            return n.op() instanceof BatchNorm ? Optional.of(n) : Optional.empty();
        }

        @Override
        public RewriteEvent rewrite(Node bn, Graph g) {
            BatchNorm op = (BatchNorm) bn.op();
            Value x = bn.input(0);
            for (int i = 1; i < 5; i++) {
                Value p = bn.input(i);
                if (!p.isConstant() || p.dtype() != DType.F32) {
                    return RewriteEvent.skipped(bn, "parameter %" + p.name() + " is not an f32 constant");
                }
            }
            if (x.dtype() != DType.F32) {
                return RewriteEvent.skipped(bn, "input is " + x.dtype() + ", not f32");
            }
            float[] gamma = bn.input(1).data().floats();
            float[] beta = bn.input(2).data().floats();
            float[] mean = bn.input(3).data().floats();
            float[] var = bn.input(4).data().floats();
            int c = gamma.length;
            double[] s = new double[c];
            double[] t = new double[c];
            for (int o = 0; o < c; o++) {
                double v = (double) var[o] + (double) op.epsilon();
                if (!(v > 0) || Double.isInfinite(v)) {
                    return RewriteEvent.skipped(bn, "channel " + o + ": var + eps = " + v + " is not a positive number");
                }
                s[o] = gamma[o] / Math.sqrt(v);
                t[o] = beta[o] - mean[o] * s[o];
            }
            int axis = op.channelAxis(x.type().rank());
            String into = x.producer() == null ? null : x.producer().describe();
            String declined = fold(g, bn, new Affine(s, t), axis, bn.input(2).name() + ".fold");
            if (declined == null) {
                return RewriteEvent.applied(bn, "folded into " + into);
            }
            return lower(g, bn, s, t, axis, declined);
        }

        /** batch_norm -> mul(x, s) -> add(., t), constants shaped to broadcast on the channel axis. */
        private static RewriteEvent lower(Graph g, Node bn, double[] s, double[] t, int axis, String why) {
            int rank = bn.input(0).type().rank();
            long[] dims = new long[rank - axis];
            java.util.Arrays.fill(dims, 1);
            dims[0] = s.length;
            Shape shape = Shape.of(dims);
            Optional<TensorData> sd = GraphEdits.finiteFloats(shape, s);
            Optional<TensorData> td = GraphEdits.finiteFloats(shape, t);
            if (sd.isEmpty() || td.isEmpty()) {
                int k = sd.isEmpty() ? GraphEdits.firstNonFinite(s) : GraphEdits.firstNonFinite(t);
                return RewriteEvent.skipped(bn, "cannot fold (" + why + ") and channel " + k
                        + " of the scale or shift is not a finite float");
            }
            Value out = bn.output();
            Value scale = g.addConstant(bn.input(1).name() + ".fold", sd.get());
            Value shift = g.addConstant(bn.input(2).name() + ".fold", td.get());
            Node mul = g.addNode(Binary.of(Binary.Kind.MUL), List.of(bn.input(0), scale),
                    List.of(out.name() + ".scaled"), bn.origin());
            Node add = g.addNode(Binary.of(Binary.Kind.ADD), List.of(mul.output(), shift),
                    List.of(GraphEdits.replacementName(out)), bn.origin());
            GraphEdits.replace(g, bn, add.output());
            return RewriteEvent.applied(bn, "lowered to mul and add (" + why + ")");
        }
    }

    /** mul/div/add/sub of a per-channel constant right after a foldable producer. */
    private static final class AffineRule implements RewriteRule<Node> {
        @Override
        public Optional<Node> match(Node n) {
            if (!(n.op() instanceof Binary b) || b.activation() != Activation.NONE) {
                return Optional.empty();
            }
            for (int i = 0; i < 2; i++) {
                Value v = n.input(i);
                Value other = n.input(1 - i);
                if (other.isConstant() && v.producer() != null && absorbs(v.producer().op())) {
                    return Optional.of(n);
                }
            }
            return Optional.empty();
        }

        @Override
        public RewriteEvent rewrite(Node n, Graph g) {
            Binary.Kind kind = ((Binary) n.op()).kind();
            int constSlot = n.input(1).isConstant() ? 1 : 0;
            Value c = n.input(constSlot);
            Value y = n.input(1 - constSlot);
            if (constSlot == 0 && (kind == Binary.Kind.SUB || kind == Binary.Kind.DIV)) {
                return RewriteEvent.skipped(n, "the constant is the left operand of " + kind.text());
            }
            if (c.dtype() != DType.F32) {
                return RewriteEvent.skipped(n, "constant @" + c.name() + " is not f32");
            }
            if (!n.output().shape().equals(y.shape())) {
                return RewriteEvent.skipped(n, "constant @" + c.name() + " " + c.shape() + " broadcasts the output");
            }
            int axis = channelAxis(y.producer().op(), y.type().rank());
            Optional<double[]> v = perChannel(c.data(), y.shape(), axis);
            if (v.isEmpty()) {
                return RewriteEvent.skipped(n, "constant @" + c.name() + " " + c.shape()
                        + " varies along an axis other than the channel axis " + axis);
            }
            double[] k = v.get();
            Affine a;
            switch (kind) {
                case MUL -> a = new Affine(k, null);
                case ADD -> a = new Affine(null, k);
                case SUB -> {
                    double[] neg = new double[k.length];
                    for (int i = 0; i < k.length; i++) {
                        neg[i] = -k[i];
                    }
                    a = new Affine(null, neg);
                }
                default -> {
                    double[] inv = new double[k.length];
                    for (int i = 0; i < k.length; i++) {
                        if (k[i] == 0) {
                            return RewriteEvent.skipped(n, "divides channel " + i + " by zero");
                        }
                        inv[i] = 1 / k[i];
                    }
                    a = new Affine(inv, null);
                }
            }
            if (a.shift() != null && y.producer().op() instanceof MatMul) {
                return RewriteEvent.skipped(n, "matmul has no bias; matmul-to-fully-connected folds this " + kind.text());
            }
            String into = y.producer().describe();
            String declined = fold(g, n, a, axis, c.name() + ".fold");
            return declined == null ? RewriteEvent.applied(n, "folded into " + into)
                    : RewriteEvent.skipped(n, declined);
        }
    }

    private static boolean absorbs(Op op) {
        return op instanceof Conv2d || op instanceof ConvTranspose2d || op instanceof FullyConnected
                || op instanceof MatMul;
    }

    /** The output-channel axis of an absorbing op's output of the given rank. */
    private static int channelAxis(Op op, int rank) {
        if (op instanceof Conv2d c) {
            return c.layout().channelAxis();
        }
        if (op instanceof ConvTranspose2d c) {
            return c.layout().channelAxis();
        }
        return rank - 1;
    }

    /**
     * The constant as one value per channel when it varies along {@code axis} only (or not at
     * all), aligned to {@code out} by numpy broadcasting; empty otherwise.
     */
    static Optional<double[]> perChannel(TensorData c, Shape out, int axis) {
        Shape cs = c.shape();
        int offset = out.rank() - cs.rank();
        if (offset < 0) {
            return Optional.empty();
        }
        int channels = out.intSize(axis);
        boolean varies = false;
        for (int j = 0; j < cs.rank(); j++) {
            long d = cs.size(j);
            if (j + offset == axis) {
                if (d != 1 && d != channels) {
                    return Optional.empty();
                }
                varies = d == channels && channels != 1;
            } else if (d != 1) {
                return Optional.empty();
            }
        }
        double[] v = new double[channels];
        for (int o = 0; o < channels; o++) {
            v[o] = c.getDouble(varies ? o : 0);
        }
        return Optional.of(v);
    }

    /**
     * Folds y' = y*s + t into the producer of {@code consumer}'s input 0 or 1 (whichever it is),
     * replacing {@code consumer}. Returns null when done, or why the producer cannot absorb it.
     */
    private static String fold(Graph g, Node consumer, Affine a, int axis, String biasName) {
        Value y = consumer.op() instanceof BatchNorm || !consumer.input(0).isConstant() ? consumer.input(0)
                : consumer.input(1);
        Node p = y.producer();
        if (p == null) {
            return "its input %" + y.name() + " is not computed by a node";
        }
        Op op = p.op();
        if (!absorbs(op)) {
            return "its input is computed by " + op.name() + ", which has no weights to fold into";
        }
        if (!GraphEdits.singleUse(g, y)) {
            return p.op().name() + " output " + GraphEdits.useReason(g, y);
        }
        Activation act = op instanceof Conv2d c ? c.activation()
                : op instanceof ConvTranspose2d t ? t.activation()
                : op instanceof FullyConnected f ? f.activation() : Activation.NONE;
        if (act != Activation.NONE) {
            return op.name() + " has fused activation " + act.text() + ", which applies before this";
        }
        if (channelAxis(op, y.type().rank()) != axis) {
            return "axis " + axis + " is not the channel axis " + channelAxis(op, y.type().rank()) + " of "
                    + op.name();
        }
        if (op instanceof MatMul && y.type().rank() != 2) {
            return "matmul output " + y.shape() + " is not a matrix";
        }
        Value w = p.input(1);
        if (!w.isConstant() || w.dtype() != DType.F32) {
            return op.name() + " weight %" + w.name() + " is not an f32 constant";
        }
        Value b = p.numInputs() > 2 ? p.input(2) : null;
        if (b != null && (!b.isConstant() || b.dtype() != DType.F32)) {
            return op.name() + " bias %" + b.name() + " is not an f32 constant";
        }
        int channels = y.shape().intSize(axis);
        float[] wf = w.data().floats();
        double[] nw = new double[wf.length];
        for (int i = 0; i < wf.length; i++) {
            nw[i] = wf[i] * a.s(outputChannel(op, w.shape(), i));
        }
        int bad = GraphEdits.firstNonFinite(nw);
        if (bad >= 0) {
            return "the folded weight of channel " + outputChannel(op, w.shape(), bad) + " is not a finite float";
        }
        boolean needsBias = b != null || a.shift() != null;
        double[] nb = new double[channels];
        for (int o = 0; o < channels; o++) {
            nb[o] = (b == null ? 0 : b.data().floats()[o]) * a.s(o) + a.t(o);
        }
        bad = GraphEdits.firstNonFinite(nb);
        if (needsBias && bad >= 0) {
            return "the folded bias of channel " + bad + " is not a finite float";
        }
        if (a.scale() != null) {
            p.setInput(1, g.addConstant(w.name() + ".fold", GraphEdits.finiteFloats(w.shape(), nw).orElseThrow()));
        }
        Value replacement = y;
        if (needsBias) {
            Value newB = g.addConstant(b != null ? b.name() + ".fold" : biasName,
                    GraphEdits.finiteFloats(Shape.of(channels), nb).orElseThrow());
            if (op instanceof MatMul) {
                replacement = g.addNode(Binary.of(Binary.Kind.ADD), List.of(y, newB),
                        List.of(GraphEdits.replacementName(consumer.output())), consumer.origin()).output();
            } else if (b != null) {
                p.setInput(2, newB);
            } else {
                List<Value> ins = new ArrayList<>(p.inputs());
                ins.add(newB);
                p.setInputs(ins);
            }
        }
        p.addOrigin(consumer.origin());
        GraphEdits.replace(g, consumer, replacement);
        GraphEdits.dropUnused(g, w, b);
        return null;
    }

    /** The output channel that weight element {@code i} contributes to (see the class comment). */
    private static int outputChannel(Op op, Shape w, int i) {
        if (op instanceof MatMul) {
            return i % w.intSize(1);
        }
        if (op instanceof ConvTranspose2d ct && ct.layout() == Layout.NCHW) {
            int perIn = w.intSize(1) * w.intSize(2) * w.intSize(3);
            int in = i / perIn;
            int j = (i % perIn) / (w.intSize(2) * w.intSize(3));
            int inPerGroup = w.intSize(0) / ct.group();
            return (in / inPerGroup) * w.intSize(1) + j;
        }
        return (int) (i / (w.numElements() / w.size(0)));
    }
}
