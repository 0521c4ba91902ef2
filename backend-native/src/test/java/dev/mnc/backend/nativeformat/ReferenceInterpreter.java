package dev.mnc.backend.nativeformat;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.*;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test oracle: evaluates an IR graph with the plainest loops that follow each op's Javadoc,
 * index by index, in double precision (rounded to float after every op, as the runtime stores
 * f32). No blocking, no packing, no fast paths, nothing shared with the runtime's kernels; conv
 * transpose scatters where the runtime gathers.
 */
final class ReferenceInterpreter {
    /** A tensor: dtype, shape, row-major values (integers held exactly in doubles). */
    record T(DType dtype, int[] shape, double[] v) {
        int size() {
            return v.length;
        }

        int idx(int... i) {
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                o = o * shape[d] + i[d];
            }
            return o;
        }
    }

    private ReferenceInterpreter() {}

    static Map<String, T> run(Graph g, Map<String, T> feeds) {
        Map<Value, T> env = new IdentityHashMap<>();
        for (Value v : g.inputs()) {
            env.put(v, feeds.get(v.name()));
        }
        for (Node n : g.nodes()) {
            T[] in = new T[n.numInputs()];
            for (int i = 0; i < in.length; i++) {
                Value v = n.input(i);
                in[i] = v.isConstant() ? constant(v) : env.get(v);
            }
            T out = eval(n, in);
            if (out.dtype() == DType.F32) {
                for (int i = 0; i < out.v().length; i++) {
                    out.v()[i] = (float) out.v()[i];
                }
            }
            env.put(n.output(), out);
        }
        Map<String, T> res = new LinkedHashMap<>();
        for (Value v : g.outputs()) {
            res.put(v.name(), v.isConstant() ? constant(v) : env.get(v));
        }
        return res;
    }

    static T constant(Value v) {
        var d = v.data();
        double[] a = new double[d.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = d.getDouble(i);
        }
        return new T(d.dtype(), d.shape().toIntArray(), a);
    }

    private static int[] shapeOf(Node n) {
        return n.output().shape().toIntArray();
    }

    private static int count(int[] s) {
        int c = 1;
        for (int d : s) {
            c *= d;
        }
        return c;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] i = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            i[d] = flat % shape[d];
            flat /= shape[d];
        }
        return i;
    }

    private static double act(Activation a, double x) {
        return Math.min(Math.max(x, a.min()), a.max());
    }

    static T eval(Node n, T[] in) {
        Op op = n.op();
        int[] os = shapeOf(n);
        DType odt = n.output().dtype();
        double[] y = new double[count(os)];
        T out = new T(odt, os, y);
        if (op instanceof Conv2d c) {
            T x = in[0];
            T w = in[1];
            int g = c.group();
            int ci = x.shape()[3];
            int co = w.shape()[0];
            int kh = w.shape()[1];
            int kw = w.shape()[2];
            int ig = ci / g;
            int og = co / g;
            for (int b = 0; b < os[0]; b++) for (int oy = 0; oy < os[1]; oy++) for (int ox = 0; ox < os[2]; ox++)
                for (int o = 0; o < co; o++) {
                    double s = in.length > 2 ? in[2].v()[o] : 0;
                    int grp = o / og;
                    for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) for (int i = 0; i < ig; i++) {
                        int iy = oy * c.strides()[0] - c.pads()[0] + ky * c.dilations()[0];
                        int ix = ox * c.strides()[1] - c.pads()[1] + kx * c.dilations()[1];
                        if (iy < 0 || ix < 0 || iy >= x.shape()[1] || ix >= x.shape()[2]) {
                            continue;
                        }
                        s += x.v()[x.idx(b, iy, ix, grp * ig + i)] * w.v()[w.idx(o, ky, kx, i)];
                    }
                    y[out.idx(b, oy, ox, o)] = act(c.activation(), s);
                }
        } else if (op instanceof ConvTranspose2d c) {
            T x = in[0];
            T w = in[1];
            int co = w.shape()[0];
            for (int b = 0; b < x.shape()[0]; b++) for (int iy = 0; iy < x.shape()[1]; iy++)
                for (int ix = 0; ix < x.shape()[2]; ix++) for (int i = 0; i < x.shape()[3]; i++)
                    for (int ky = 0; ky < w.shape()[1]; ky++) for (int kx = 0; kx < w.shape()[2]; kx++) {
                        int oy = iy * c.strides()[0] - c.pads()[0] + ky * c.dilations()[0];
                        int ox = ix * c.strides()[1] - c.pads()[1] + kx * c.dilations()[1];
                        if (oy < 0 || ox < 0 || oy >= os[1] || ox >= os[2]) {
                            continue;
                        }
                        for (int o = 0; o < co; o++) {
                            y[out.idx(b, oy, ox, o)] += x.v()[x.idx(b, iy, ix, i)] * w.v()[w.idx(o, ky, kx, i)];
                        }
                    }
            for (int i = 0; i < y.length; i++) {
                y[i] = act(c.activation(), y[i] + (in.length > 2 ? in[2].v()[i % co] : 0));
            }
        } else if (op instanceof BatchNorm bn) {
            int axis = bn.channelAxis(os.length);
            for (int i = 0; i < y.length; i++) {
                int ch = unravel(i, os)[axis];
                y[i] = in[1].v()[ch] * (in[0].v()[i] - in[3].v()[ch]) / Math.sqrt(in[4].v()[ch] + bn.epsilon())
                        + in[2].v()[ch];
            }
        } else if (op instanceof Binary b) {
            for (int i = 0; i < y.length; i++) {
                int[] idx = unravel(i, os);
                double av = in[0].v()[bcast(in[0].shape(), idx)];
                double bv = in[1].v()[bcast(in[1].shape(), idx)];
                double r = switch (b.kind()) {
                    case ADD -> av + bv;
                    case SUB -> av - bv;
                    case MUL -> av * bv;
                    case DIV -> av / bv;
                };
                y[i] = act(b.activation(), r);
            }
        } else if (op instanceof Relu) {
            map(in[0], y, v -> Math.max(v, 0));
        } else if (op instanceof Clip c) {
            map(in[0], y, v -> Math.min(Math.max(v, c.min()), c.max()));
        } else if (op instanceof Sigmoid) {
            map(in[0], y, v -> 1 / (1 + Math.exp(-v)));
        } else if (op instanceof HardSigmoid h) {
            map(in[0], y, v -> Math.max(0, Math.min(1, h.alpha() * v + h.beta())));
        } else if (op instanceof HardSwish) {
            map(in[0], y, v -> v * Math.min(Math.max(v + 3, 0), 6) / 6);
        } else if (op instanceof LeakyRelu l) {
            map(in[0], y, v -> v >= 0 ? v : l.alpha() * v);
        } else if (op instanceof AvgPool2d p) {
            pool(in[0], out, p.kernel(), p.strides(), p.pads(), true, p.countIncludePad());
        } else if (op instanceof MaxPool2d p) {
            pool(in[0], out, p.kernel(), p.strides(), p.pads(), false, false);
        } else if (op instanceof Mean m) {
            T x = in[0];
            double[] cnt = new double[y.length];
            for (int i = 0; i < x.size(); i++) {
                int[] idx = unravel(i, x.shape());
                int o = 0;
                int k = 0;
                for (int d = 0; d < idx.length; d++) {
                    boolean red = java.util.Arrays.binarySearch(m.axes(), d) >= 0;
                    if (red && !m.keepDims()) {
                        continue;
                    }
                    o = o * os[k] + (red ? 0 : idx[d]);
                    k++;
                }
                y[o] += x.v()[i];
                cnt[o]++;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] /= cnt[i];
            }
        } else if (op instanceof Reshape || op instanceof Identity) {
            System.arraycopy(in[0].v(), 0, y, 0, y.length);
        } else if (op instanceof Transpose t) {
            for (int i = 0; i < y.length; i++) {
                int[] oi = unravel(i, os);
                int[] ii = new int[oi.length];
                for (int d = 0; d < oi.length; d++) {
                    ii[t.perm()[d]] = oi[d];
                }
                y[i] = in[0].v()[in[0].idx(ii)];
            }
        } else if (op instanceof Concat c) {
            for (int i = 0; i < y.length; i++) {
                int[] oi = unravel(i, os);
                int a = oi[c.axis()];
                int k = 0;
                while (a >= in[k].shape()[c.axis()]) {
                    a -= in[k].shape()[c.axis()];
                    k++;
                }
                oi[c.axis()] = a;
                y[i] = in[k].v()[in[k].idx(oi)];
            }
        } else if (op instanceof Softmax s) {
            for (int i = 0; i < y.length; i++) {
                int[] idx = unravel(i, os);
                double max = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < os[s.axis()]; a++) {
                    idx[s.axis()] = a;
                    max = Math.max(max, in[0].v()[in[0].idx(idx)]);
                }
                double sum = 0;
                for (int a = 0; a < os[s.axis()]; a++) {
                    idx[s.axis()] = a;
                    sum += Math.exp(in[0].v()[in[0].idx(idx)] - max);
                }
                y[i] = Math.exp(in[0].v()[i] - max) / sum;
            }
        } else if (op instanceof Pad p) {
            int[] xs = in[0].shape();
            for (int i = 0; i < y.length; i++) {
                int[] oi = unravel(i, os);
                boolean fill = false;
                for (int d = 0; d < oi.length; d++) {
                    int s = oi[d] - (int) p.begin(d);
                    int nn = xs[d];
                    if (s < 0 || s >= nn) {
                        switch (p.mode()) {
                            case CONSTANT -> fill = true;
                            case EDGE -> s = s < 0 ? 0 : nn - 1;
                            case REFLECT -> {
                                while (s < 0 || s >= nn) {
                                    s = s < 0 ? -s : 2 * (nn - 1) - s;
                                }
                            }
                        }
                    }
                    oi[d] = s;
                }
                y[i] = fill ? p.value() : in[0].v()[in[0].idx(oi)];
            }
        } else if (op instanceof Resize r) {
            resize(r, in[0], out);
        } else if (op instanceof FullyConnected f) {
            int k = in[0].shape()[1];
            for (int b = 0; b < os[0]; b++) for (int o = 0; o < os[1]; o++) {
                double s = in.length > 2 ? in[2].v()[o] : 0;
                for (int j = 0; j < k; j++) {
                    s += in[0].v()[b * k + j] * in[1].v()[o * k + j];
                }
                y[b * os[1] + o] = act(f.activation(), s);
            }
        } else if (op instanceof MatMul) {
            int r = os.length;
            int k = in[0].shape()[in[0].shape().length - 1];
            for (int i = 0; i < y.length; i++) {
                int[] oi = unravel(i, os);
                double s = 0;
                for (int j = 0; j < k; j++) {
                    int[] ai = oi.clone();
                    ai[r - 1] = j;
                    int[] bi = oi.clone();
                    bi[r - 2] = j;
                    s += in[0].v()[bcast(in[0].shape(), ai)] * in[1].v()[bcast(in[1].shape(), bi)];
                }
                y[i] = s;
            }
        } else if (op instanceof Gather g) {
            int[] ds = in[0].shape();
            int ir = in[1].shape().length;
            for (int i = 0; i < y.length; i++) {
                int[] oi = unravel(i, os);
                int[] ii = new int[ir];
                System.arraycopy(oi, g.axis(), ii, 0, ir);
                long ix = (long) in[1].v()[ir == 0 ? 0 : in[1].idx(ii)];
                int[] di = new int[ds.length];
                for (int d = 0; d < ds.length; d++) {
                    di[d] = d < g.axis() ? oi[d] : d == g.axis() ? (int) (ix < 0 ? ix + ds[d] : ix) : oi[d + ir - 1];
                }
                y[i] = in[0].v()[in[0].idx(di)];
            }
        } else if (op instanceof Slice s) {
            int[] xs = in[0].shape();
            for (int i = 0; i < y.length; i++) {
                int[] oi = unravel(i, os);
                for (int a = 0; a < s.axes().length; a++) {
                    int ax = s.axes()[a];
                    oi[ax] = (int) (s.range(a, xs[ax])[0] + oi[ax] * s.steps()[a]);
                }
                y[i] = in[0].v()[in[0].idx(oi)];
            }
        } else if (op instanceof Cast c) {
            for (int i = 0; i < y.length; i++) {
                double v = in[0].v()[i];
                y[i] = switch (c.to()) {
                    case F32 -> (float) v;
                    case BOOL -> v != 0 ? 1 : 0;
                    case I8 -> (byte) (long) v;
                    case U8 -> ((long) v) & 0xff;
                    case I16 -> (short) (long) v;
                    case I32 -> (int) (long) v;
                    case I64 -> (long) v;
                };
            }
        } else if (op instanceof Quantize qz) {
            QuantParams q = n.output().quant();
            double lo = qz.to() == DType.U8 ? 0 : qz.to() == DType.I8 ? -128 : -32768;
            double hi = qz.to() == DType.U8 ? 255 : qz.to() == DType.I8 ? 127 : 32767;
            for (int i = 0; i < y.length; i++) {
                int s = q.isPerTensor() ? 0 : unravel(i, os)[q.axis()];
                double v = in[0].v()[i] / q.scales()[s];
                double r = Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
                y[i] = Math.max(lo, Math.min(hi, r + q.zeroPoints()[s]));
            }
        } else if (op instanceof Dequantize) {
            QuantParams q = n.input(0).quant();
            for (int i = 0; i < y.length; i++) {
                int s = q.isPerTensor() ? 0 : unravel(i, os)[q.axis()];
                y[i] = q.scales()[s] * (in[0].v()[i] - q.zeroPoints()[s]);
            }
        } else {
            throw new IllegalArgumentException("no reference for " + op.name());
        }
        return out;
    }

    /** Flat index into a broadcast operand for an output index (right-aligned, size-1 dims repeat). */
    private static int bcast(int[] shape, int[] outIdx) {
        int o = 0;
        int off = outIdx.length - shape.length;
        for (int d = 0; d < shape.length; d++) {
            int i = shape[d] == 1 ? 0 : outIdx[d + off];
            o = o * shape[d] + i;
        }
        return o;
    }

    private static void map(T x, double[] y, java.util.function.DoubleUnaryOperator f) {
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(x.v()[i]);
        }
    }

    private static void pool(T x, T out, int[] k, int[] s, int[] p, boolean avg, boolean includePad) {
        int[] os = out.shape();
        for (int b = 0; b < os[0]; b++) for (int oy = 0; oy < os[1]; oy++) for (int ox = 0; ox < os[2]; ox++)
            for (int c = 0; c < os[3]; c++) {
                double acc = avg ? 0 : Double.NEGATIVE_INFINITY;
                int cnt = 0;
                for (int ky = 0; ky < k[0]; ky++) for (int kx = 0; kx < k[1]; kx++) {
                    int iy = oy * s[0] - p[0] + ky;
                    int ix = ox * s[1] - p[1] + kx;
                    if (iy < 0 || ix < 0 || iy >= x.shape()[1] || ix >= x.shape()[2]) {
                        continue;
                    }
                    double v = x.v()[x.idx(b, iy, ix, c)];
                    acc = avg ? acc + v : Math.max(acc, v);
                    cnt++;
                }
                out.v()[out.idx(b, oy, ox, c)] = avg ? acc / (includePad ? k[0] * k[1] : cnt) : acc;
            }
    }

    private static double coord(Resize r, int x, int in, int out, float scale) {
        return switch (r.coord()) {
            case HALF_PIXEL -> (x + 0.5) / scale - 0.5;
            case ASYMMETRIC -> x / (double) scale;
            case ALIGN_CORNERS -> out == 1 ? 0 : x * (in - 1.0) / (out - 1.0);
            case PYTORCH_HALF_PIXEL -> out > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case TF_HALF_PIXEL_FOR_NN -> (x + 0.5) / scale;
        };
    }

    private static int nearest(Resize r, double c, int in) {
        double f = Math.floor(c);
        double i = switch (r.nearest()) {
            case FLOOR -> f;
            case CEIL -> Math.ceil(c);
            case ROUND_PREFER_FLOOR -> c - f == 0.5 ? f : Math.round(c);
            case ROUND_PREFER_CEIL -> c - f == 0.5 ? f + 1 : Math.round(c);
        };
        return (int) Math.max(0, Math.min(in - 1, i));
    }

    private static void resize(Resize r, T x, T out) {
        int[] xs = x.shape();
        int[] os = out.shape();
        for (int b = 0; b < os[0]; b++) for (int oy = 0; oy < os[1]; oy++) for (int ox = 0; ox < os[2]; ox++)
            for (int c = 0; c < os[3]; c++) {
                double cy = coord(r, oy, xs[1], os[1], r.scales()[0]);
                double cx = coord(r, ox, xs[2], os[2], r.scales()[1]);
                double v;
                if (r.mode() == Resize.Mode.NEAREST) {
                    v = x.v()[x.idx(b, nearest(r, cy, xs[1]), nearest(r, cx, xs[2]), c)];
                } else {
                    cy = Math.max(0, Math.min(xs[1] - 1, cy));
                    cx = Math.max(0, Math.min(xs[2] - 1, cx));
                    int y0 = (int) Math.floor(cy);
                    int x0 = (int) Math.floor(cx);
                    int y1 = Math.min(y0 + 1, xs[1] - 1);
                    int x1 = Math.min(x0 + 1, xs[2] - 1);
                    double wy = cy - y0;
                    double wx = cx - x0;
                    v = (1 - wy) * ((1 - wx) * x.v()[x.idx(b, y0, x0, c)] + wx * x.v()[x.idx(b, y0, x1, c)])
                            + wy * ((1 - wx) * x.v()[x.idx(b, y1, x0, c)] + wx * x.v()[x.idx(b, y1, x1, c)]);
                }
                out.v()[out.idx(b, oy, ox, c)] = v;
            }
    }


}
