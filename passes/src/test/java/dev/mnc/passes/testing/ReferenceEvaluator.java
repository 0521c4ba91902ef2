package dev.mnc.passes.testing;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately plain interpreter of the IR, written from the ops' Javadoc definitions with one
 * obvious loop per op and no optimization: the oracle that golden tests compare a rewritten
 * graph against its input with. Each op's result is rounded to float, as a float32 runtime
 * stores it; sums inside an op accumulate in double.
 */
public final class ReferenceEvaluator implements GraphEvaluator {

    /** A tensor under evaluation: shape and values in double. */
    private record T(long[] shape, double[] v) {
        int size() {
            return v.length;
        }

        long dim(int i) {
            return shape[i];
        }
    }

    @Override
    public Map<String, TensorData> run(Graph graph, Map<String, TensorData> inputs) {
        Map<Value, T> env = new IdentityHashMap<>();
        for (Value in : graph.inputs()) {
            TensorData d = inputs.get(in.name());
            if (d == null || !d.shape().equals(in.shape())) {
                throw new IllegalArgumentException("input " + in.name() + " needs " + in.type());
            }
            env.put(in, of(d));
        }
        for (Node n : graph.nodes()) {
            T[] ins = new T[n.numInputs()];
            for (int i = 0; i < ins.length; i++) {
                Value v = n.input(i);
                ins[i] = v.isConstant() ? of(v.data()) : env.get(v);
            }
            T out = eval(n.op(), ins, n.output().shape().toLongArray());
            if (n.output().dtype() == DType.F32) {
                for (int i = 0; i < out.v.length; i++) {
                    out.v[i] = (float) out.v[i];
                }
            }
            env.put(n.output(), out);
        }
        Map<String, TensorData> outs = new LinkedHashMap<>();
        for (Value v : graph.outputs()) {
            T t = v.isConstant() ? of(v.data()) : env.get(v);
            float[] f = new float[t.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) t.v[i];
            }
            outs.put(v.name(), TensorData.ofFloats(Shape.of(t.shape), f));
        }
        return outs;
    }

    private static T of(TensorData d) {
        double[] v = new double[d.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.getDouble(i);
        }
        return new T(d.shape().toLongArray(), v);
    }

    private static T eval(Op op, T[] in, long[] outShape) {
        T x = in[0];
        if (op instanceof Conv2d c) {
            return conv(c, x, in[1], in.length > 2 ? in[2] : null, outShape);
        } else if (op instanceof ConvTranspose2d c) {
            return convTranspose(c, x, in[1], in.length > 2 ? in[2] : null, outShape);
        } else if (op instanceof BatchNorm b) {
            int axis = b.channelAxis(x.shape.length);
            return perChannel(x, axis, (v, c) -> in[1].v[c] * (v - in[3].v[c]) / Math.sqrt(in[4].v[c] + b.epsilon())
                    + in[2].v[c]);
        } else if (op instanceof Relu) {
            return map(x, v -> Math.max(v, 0));
        } else if (op instanceof Clip c) {
            return map(x, v -> Math.min(Math.max(v, c.min()), c.max()));
        } else if (op instanceof Sigmoid) {
            return map(x, v -> 1 / (1 + Math.exp(-v)));
        } else if (op instanceof HardSigmoid h) {
            return map(x, v -> Math.max(0, Math.min(1, h.alpha() * v + h.beta())));
        } else if (op instanceof HardSwish) {
            return map(x, v -> v * Math.min(Math.max(v + 3, 0), 6) / 6);
        } else if (op instanceof LeakyRelu l) {
            return map(x, v -> v >= 0 ? v : l.alpha() * v);
        } else if (op instanceof Identity || op instanceof Reshape) {
            return new T(outShape, x.v.clone());
        } else if (op instanceof Cast c) {
            return map(x, v -> c.to() == DType.F32 ? v : (double) (long) v);
        } else if (op instanceof Binary b) {
            return binary(b, x, in[1], outShape);
        } else if (op instanceof MaxPool2d m) {
            return pool(x, m.kernel(), m.strides(), m.pads(), m.layout(), outShape, true, false);
        } else if (op instanceof AvgPool2d a) {
            return pool(x, a.kernel(), a.strides(), a.pads(), a.layout(), outShape, false, a.countIncludePad());
        } else if (op instanceof Mean m) {
            return mean(m, x, outShape);
        } else if (op instanceof Transpose t) {
            return transpose(x, t.perm(), outShape);
        } else if (op instanceof Concat c) {
            return concat(in, c.axis(), outShape);
        } else if (op instanceof Softmax s) {
            return softmax(x, s.axis());
        } else if (op instanceof Pad p) {
            return pad(x, p, outShape);
        } else if (op instanceof Resize r) {
            return resize(r, x, outShape);
        } else if (op instanceof FullyConnected f) {
            return fullyConnected(f, x, in[1], in.length > 2 ? in[2] : null);
        } else if (op instanceof MatMul) {
            return matmul(x, in[1], outShape);
        } else if (op instanceof Gather g) {
            return gather(x, in[1], g.axis(), outShape);
        } else if (op instanceof Slice s) {
            return slice(x, s, outShape);
        }
        throw new UnsupportedOperationException("the reference evaluator has no " + op.name());
    }

    private interface D2D {
        double apply(double v);
    }

    private interface PerC {
        double apply(double v, int c);
    }

    private static T map(T x, D2D f) {
        double[] o = new double[x.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = f.apply(x.v[i]);
        }
        return new T(x.shape, o);
    }

    private static double act(Activation a, double v) {
        return Math.min(Math.max(v, a.min()), a.max());
    }

    private static long[] strides(long[] s) {
        long[] st = new long[s.length];
        long acc = 1;
        for (int i = s.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= s[i];
        }
        return st;
    }

    /** Multi-index of flat position i. */
    private static long[] index(long i, long[] shape) {
        long[] idx = new long[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            idx[a] = i % shape[a];
            i /= shape[a];
        }
        return idx;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static T perChannel(T x, int axis, PerC f) {
        double[] o = new double[x.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = f.apply(x.v[i], (int) index(i, x.shape)[axis]);
        }
        return new T(x.shape, o);
    }

    /** Value of a rank-4 tensor at logical (n, c, h, w), stored in {@code layout}. */
    private static double at(T x, Layout layout, long n, long c, long h, long w) {
        long[] s = x.shape;
        if (layout == Layout.NHWC) {
            return x.v[(int) (((n * s[1] + h) * s[2] + w) * s[3] + c)];
        }
        return x.v[(int) (((n * s[1] + c) * s[2] + h) * s[3] + w)];
    }

    private static int off(long[] s, Layout layout, long n, long c, long h, long w) {
        if (layout == Layout.NHWC) {
            return (int) (((n * s[1] + h) * s[2] + w) * s[3] + c);
        }
        return (int) (((n * s[1] + c) * s[2] + h) * s[3] + w);
    }

    private static long[] nchw(long[] s, Layout layout) {
        return layout == Layout.NHWC ? new long[] {s[0], s[3], s[1], s[2]} : s.clone();
    }

    private static T conv(Conv2d c, T x, T w, T b, long[] outShape) {
        Layout l = c.layout();
        long[] xs = nchw(x.shape, l);
        long[] os = nchw(outShape, l);
        long[] ws = w.shape;
        long kh = l == Layout.NHWC ? ws[1] : ws[2];
        long kw = l == Layout.NHWC ? ws[2] : ws[3];
        long inPerGroup = l == Layout.NHWC ? ws[3] : ws[1];
        long outPerGroup = os[1] / c.group();
        double[] o = new double[(int) count(outShape)];
        for (long n = 0; n < os[0]; n++) {
            for (long oc = 0; oc < os[1]; oc++) {
                long g = oc / outPerGroup;
                for (long oy = 0; oy < os[2]; oy++) {
                    for (long ox = 0; ox < os[3]; ox++) {
                        double sum = b == null ? 0 : b.v[(int) oc];
                        for (long i = 0; i < inPerGroup; i++) {
                            for (long ky = 0; ky < kh; ky++) {
                                for (long kx = 0; kx < kw; kx++) {
                                    long iy = oy * c.strides()[0] - c.pads()[0] + ky * c.dilations()[0];
                                    long ix = ox * c.strides()[1] - c.pads()[1] + kx * c.dilations()[1];
                                    if (iy < 0 || iy >= xs[2] || ix < 0 || ix >= xs[3]) {
                                        continue;
                                    }
                                    double wv = l == Layout.NHWC
                                            ? w.v[(int) (((oc * kh + ky) * kw + kx) * inPerGroup + i)]
                                            : w.v[(int) (((oc * inPerGroup + i) * kh + ky) * kw + kx)];
                                    sum += at(x, l, n, g * inPerGroup + i, iy, ix) * wv;
                                }
                            }
                        }
                        o[off(outShape, l, n, oc, oy, ox)] = act(c.activation(), sum);
                    }
                }
            }
        }
        return new T(outShape, o);
    }

    private static T convTranspose(ConvTranspose2d c, T x, T w, T b, long[] outShape) {
        Layout l = c.layout();
        long[] xs = nchw(x.shape, l);
        long[] os = nchw(outShape, l);
        long[] ws = w.shape;
        long kh = l == Layout.NHWC ? ws[1] : ws[2];
        long kw = l == Layout.NHWC ? ws[2] : ws[3];
        long outPerGroup = l == Layout.NHWC ? ws[0] : ws[1];
        long inPerGroup = xs[1] / c.group();
        double[] o = new double[(int) count(outShape)];
        for (long n = 0; n < os[0]; n++) {
            for (long oc = 0; oc < os[1]; oc++) {
                for (long oy = 0; oy < os[2]; oy++) {
                    for (long ox = 0; ox < os[3]; ox++) {
                        o[off(outShape, l, n, oc, oy, ox)] = b == null ? 0 : b.v[(int) oc];
                    }
                }
            }
            for (long ic = 0; ic < xs[1]; ic++) {
                long g = ic / inPerGroup;
                for (long iy = 0; iy < xs[2]; iy++) {
                    for (long ix = 0; ix < xs[3]; ix++) {
                        double xv = at(x, l, n, ic, iy, ix);
                        for (long j = 0; j < outPerGroup; j++) {
                            long oc = g * outPerGroup + j;
                            for (long ky = 0; ky < kh; ky++) {
                                for (long kx = 0; kx < kw; kx++) {
                                    long oy = iy * c.strides()[0] - c.pads()[0] + ky * c.dilations()[0];
                                    long ox = ix * c.strides()[1] - c.pads()[1] + kx * c.dilations()[1];
                                    if (oy < 0 || oy >= os[2] || ox < 0 || ox >= os[3]) {
                                        continue;
                                    }
                                    double wv = l == Layout.NHWC
                                            ? w.v[(int) (((oc * kh + ky) * kw + kx) * ws[3] + ic)]
                                            : w.v[(int) (((ic * outPerGroup + j) * kh + ky) * kw + kx)];
                                    o[off(outShape, l, n, oc, oy, ox)] += xv * wv;
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < o.length; i++) {
            o[i] = act(c.activation(), o[i]);
        }
        return new T(outShape, o);
    }

    private static T binary(Binary b, T x, T y, long[] outShape) {
        long n = count(outShape);
        double[] o = new double[(int) n];
        for (long i = 0; i < n; i++) {
            long[] idx = index(i, outShape);
            double a = x.v[broadcastOffset(idx, x.shape)];
            double c = y.v[broadcastOffset(idx, y.shape)];
            double r = switch (b.kind()) {
                case ADD -> a + c;
                case SUB -> a - c;
                case MUL -> a * c;
                case DIV -> a / c;
            };
            o[(int) i] = act(b.activation(), r);
        }
        return new T(outShape, o);
    }

    /** Offset in a tensor of {@code shape} read by output index {@code idx} under numpy broadcasting. */
    private static int broadcastOffset(long[] idx, long[] shape) {
        long[] st = strides(shape);
        long off = 0;
        int shift = idx.length - shape.length;
        for (int a = 0; a < shape.length; a++) {
            off += (shape[a] == 1 ? 0 : idx[a + shift]) * st[a];
        }
        return (int) off;
    }

    private static T pool(T x, int[] k, int[] s, int[] p, Layout l, long[] outShape, boolean max, boolean includePad) {
        long[] xs = nchw(x.shape, l);
        long[] os = nchw(outShape, l);
        double[] o = new double[(int) count(outShape)];
        for (long n = 0; n < os[0]; n++) {
            for (long c = 0; c < os[1]; c++) {
                for (long oy = 0; oy < os[2]; oy++) {
                    for (long ox = 0; ox < os[3]; ox++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int taps = 0;
                        for (long ky = 0; ky < k[0]; ky++) {
                            for (long kx = 0; kx < k[1]; kx++) {
                                long iy = oy * s[0] - p[0] + ky;
                                long ix = ox * s[1] - p[1] + kx;
                                if (iy < 0 || iy >= xs[2] || ix < 0 || ix >= xs[3]) {
                                    continue;
                                }
                                double v = at(x, l, n, c, iy, ix);
                                acc = max ? Math.max(acc, v) : acc + v;
                                taps++;
                            }
                        }
                        o[off(outShape, l, n, c, oy, ox)] = max ? acc : acc / (includePad ? k[0] * k[1] : taps);
                    }
                }
            }
        }
        return new T(outShape, o);
    }

    private static T mean(Mean m, T x, long[] outShape) {
        long[] keep = x.shape.clone();
        for (int a : m.axes()) {
            keep[a] = 1;
        }
        double[] sum = new double[(int) count(keep)];
        long per = x.size() / sum.length;
        for (int i = 0; i < x.size(); i++) {
            long[] idx = index(i, x.shape);
            for (int a : m.axes()) {
                idx[a] = 0;
            }
            long off = 0;
            long[] st = strides(keep);
            for (int a = 0; a < idx.length; a++) {
                off += idx[a] * st[a];
            }
            sum[(int) off] += x.v[i];
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= per;
        }
        return new T(outShape, sum);
    }

    private static T transpose(T x, int[] perm, long[] outShape) {
        double[] o = new double[x.size()];
        long[] st = strides(x.shape);
        for (int i = 0; i < o.length; i++) {
            long[] idx = index(i, outShape);
            long off = 0;
            for (int a = 0; a < perm.length; a++) {
                off += idx[a] * st[perm[a]];
            }
            o[i] = x.v[(int) off];
        }
        return new T(outShape, o);
    }

    private static T concat(T[] in, int axis, long[] outShape) {
        double[] o = new double[(int) count(outShape)];
        for (int i = 0; i < o.length; i++) {
            long[] idx = index(i, outShape);
            long pos = idx[axis];
            for (T t : in) {
                if (pos < t.dim(axis)) {
                    idx[axis] = pos;
                    long off = 0;
                    long[] st = strides(t.shape);
                    for (int a = 0; a < idx.length; a++) {
                        off += idx[a] * st[a];
                    }
                    o[i] = t.v[(int) off];
                    break;
                }
                pos -= t.dim(axis);
            }
        }
        return new T(outShape, o);
    }

    private static T softmax(T x, int axis) {
        double[] o = new double[x.size()];
        long[] st = strides(x.shape);
        for (int i = 0; i < o.length; i++) {
            long[] idx = index(i, x.shape);
            long base = i - idx[axis] * st[axis];
            double max = Double.NEGATIVE_INFINITY;
            for (long j = 0; j < x.dim(axis); j++) {
                max = Math.max(max, x.v[(int) (base + j * st[axis])]);
            }
            double sum = 0;
            for (long j = 0; j < x.dim(axis); j++) {
                sum += Math.exp(x.v[(int) (base + j * st[axis])] - max);
            }
            o[i] = Math.exp(x.v[i] - max) / sum;
        }
        return new T(x.shape, o);
    }

    private static T pad(T x, Pad p, long[] outShape) {
        double[] o = new double[(int) count(outShape)];
        long[] st = strides(x.shape);
        for (int i = 0; i < o.length; i++) {
            long[] idx = index(i, outShape);
            long off = 0;
            boolean fill = false;
            for (int a = 0; a < idx.length; a++) {
                long c = idx[a] - p.begin(a);
                long size = x.dim(a);
                if (c < 0 || c >= size) {
                    switch (p.mode()) {
                        case CONSTANT -> fill = true;
                        case EDGE -> c = c < 0 ? 0 : size - 1;
                        case REFLECT -> c = c < 0 ? -c : 2 * (size - 1) - c;
                    }
                }
                off += c * st[a];
            }
            o[i] = fill ? p.value() : x.v[(int) off];
        }
        return new T(outShape, o);
    }

    private static T resize(Resize r, T x, long[] outShape) {
        Layout l = r.layout();
        long[] xs = nchw(x.shape, l);
        long[] os = nchw(outShape, l);
        double[] o = new double[(int) count(outShape)];
        for (long n = 0; n < os[0]; n++) {
            for (long c = 0; c < os[1]; c++) {
                for (long oy = 0; oy < os[2]; oy++) {
                    for (long ox = 0; ox < os[3]; ox++) {
                        double sy = source(r, oy, xs[2], os[2], r.scales()[0]);
                        double sx = source(r, ox, xs[3], os[3], r.scales()[1]);
                        double v;
                        if (r.mode() == Resize.Mode.NEAREST) {
                            v = at(x, l, n, c, nearest(r, sy, xs[2]), nearest(r, sx, xs[3]));
                        } else {
                            double cy = Math.max(0, Math.min(sy, xs[2] - 1));
                            double cx = Math.max(0, Math.min(sx, xs[3] - 1));
                            long y0 = (long) Math.floor(cy);
                            long x0 = (long) Math.floor(cx);
                            long y1 = Math.min(y0 + 1, xs[2] - 1);
                            long x1 = Math.min(x0 + 1, xs[3] - 1);
                            double fy = cy - y0;
                            double fx = cx - x0;
                            v = (1 - fy) * ((1 - fx) * at(x, l, n, c, y0, x0) + fx * at(x, l, n, c, y0, x1))
                                    + fy * ((1 - fx) * at(x, l, n, c, y1, x0) + fx * at(x, l, n, c, y1, x1));
                        }
                        o[off(outShape, l, n, c, oy, ox)] = v;
                    }
                }
            }
        }
        return new T(outShape, o);
    }

    private static double source(Resize r, long out, long inSize, long outSize, float scale) {
        return switch (r.coord()) {
            case HALF_PIXEL -> (out + 0.5) / scale - 0.5;
            case PYTORCH_HALF_PIXEL -> outSize > 1 ? (out + 0.5) / scale - 0.5 : 0;
            case ASYMMETRIC -> out / (double) scale;
            case ALIGN_CORNERS -> outSize == 1 ? 0 : out * (inSize - 1) / (double) (outSize - 1);
            case TF_HALF_PIXEL_FOR_NN -> (out + 0.5) / scale;
        };
    }

    private static long nearest(Resize r, double s, long size) {
        long i = switch (r.nearest()) {
            case ROUND_PREFER_FLOOR -> s - Math.floor(s) == 0.5 ? (long) Math.floor(s) : Math.round(s);
            case ROUND_PREFER_CEIL -> (long) Math.floor(s + 0.5);
            case FLOOR -> (long) Math.floor(s);
            case CEIL -> (long) Math.ceil(s);
        };
        return Math.max(0, Math.min(size - 1, i));
    }

    private static T fullyConnected(FullyConnected f, T x, T w, T b) {
        long n = x.dim(0);
        long k = x.dim(1);
        long outs = w.dim(0);
        double[] o = new double[(int) (n * outs)];
        for (long i = 0; i < n; i++) {
            for (long j = 0; j < outs; j++) {
                double sum = b == null ? 0 : b.v[(int) j];
                for (long q = 0; q < k; q++) {
                    sum += x.v[(int) (i * k + q)] * w.v[(int) (j * k + q)];
                }
                o[(int) (i * outs + j)] = act(f.activation(), sum);
            }
        }
        return new T(new long[] {n, outs}, o);
    }

    private static T matmul(T a, T b, long[] outShape) {
        int r = outShape.length;
        long m = outShape[r - 2];
        long n = outShape[r - 1];
        long k = a.dim(a.shape.length - 1);
        double[] o = new double[(int) count(outShape)];
        for (int i = 0; i < o.length; i++) {
            long[] idx = index(i, outShape);
            long row = idx[r - 2];
            long col = idx[r - 1];
            double sum = 0;
            for (long q = 0; q < k; q++) {
                idx[r - 2] = row;
                idx[r - 1] = q;
                double av = a.v[broadcastOffset(idx, a.shape)];
                idx[r - 2] = q;
                idx[r - 1] = col;
                double bv = b.v[broadcastOffset(idx, b.shape)];
                sum += av * bv;
            }
            o[i] = sum;
        }
        if (m * n == 0) {
            throw new IllegalStateException("empty matmul");
        }
        return new T(outShape, o);
    }

    private static T gather(T data, T idx, int axis, long[] outShape) {
        double[] o = new double[(int) count(outShape)];
        long[] st = strides(data.shape);
        int ir = idx.shape.length;
        for (int i = 0; i < o.length; i++) {
            long[] oi = index(i, outShape);
            long[] ii = new long[ir];
            System.arraycopy(oi, axis, ii, 0, ir);
            long j = (long) idx.v[(int) flat(ii, idx.shape)];
            if (j < 0) {
                j += data.dim(axis);
            }
            long off = 0;
            for (int a = 0; a < data.shape.length; a++) {
                long c = a < axis ? oi[a] : a == axis ? j : oi[a + ir - 1];
                off += c * st[a];
            }
            o[i] = data.v[(int) off];
        }
        return new T(outShape, o);
    }

    private static long flat(long[] idx, long[] shape) {
        long[] st = strides(shape);
        long off = 0;
        for (int a = 0; a < idx.length; a++) {
            off += idx[a] * st[a];
        }
        return off;
    }

    private static T slice(T x, Slice s, long[] outShape) {
        Map<Integer, long[]> per = new HashMap<>();
        for (int i = 0; i < s.axes().length; i++) {
            long[] range = s.range(i, x.dim(s.axes()[i]));
            per.put(s.axes()[i], new long[] {range[0], s.steps()[i]});
        }
        double[] o = new double[(int) count(outShape)];
        long[] st = strides(x.shape);
        for (int i = 0; i < o.length; i++) {
            long[] idx = index(i, outShape);
            long off = 0;
            for (int a = 0; a < idx.length; a++) {
                long[] p = per.get(a);
                off += (p == null ? idx[a] : p[0] + idx[a] * p[1]) * st[a];
            }
            o[i] = x.v[(int) off];
        }
        return new T(outShape, o);
    }
}
