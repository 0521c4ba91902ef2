package dev.mnc.frontend.onnx;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.AvgPool2d;
import dev.mnc.ir.ops.MaxPool2d;
import dev.mnc.ir.ops.Mean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pooling and mean reduction: AveragePool, MaxPool, GlobalAveragePool (IR {@code mean} over H and
 * W, kept), GlobalMaxPool (a max pool whose window is the whole image) and ReduceMean (axes as an
 * attribute before opset 18, as an input from 18).
 *
 * <p>The IR has no ceil mode. ONNX's ceil_mode gives out = ceil((in + pads - k) / s) + 1, dropping
 * a last window that would start beyond the input and its leading padding (as PyTorch does); the
 * same output comes from floor mode with extra end padding of (out - 1) * s + k - (in + pads).
 * That is exact for max pooling (padding never wins) and for average pooling that does not count
 * padding; average pooling that counts padding is exact only if it had no padding before (then
 * counting it or not is the same thing), otherwise it is refused.
 */
final class PoolOps {
    private PoolOps() {}

    static void register(Map<String, OpConverter> m) {
        m.put("AveragePool", (n, ctx) -> pool(n, ctx, true));
        m.put("MaxPool", (n, ctx) -> pool(n, ctx, false));
        m.put("GlobalAveragePool", PoolOps::globalAverage);
        m.put("GlobalMaxPool", PoolOps::globalMax);
        m.put("ReduceMean", PoolOps::reduceMean);
    }

    private static void pool(OnnxNode n, ImportContext ctx, boolean average) {
        String op = n.opType();
        n.requireInputs(1, 1);
        Value x = ctx.value(n.input(0));
        Args.requireImage(x, op);
        NodeAttributes a = n.attrs();
        int[] kernel = a.getInts32("kernel_shape", null);
        if (kernel == null || kernel.length != 2 || kernel[0] < 1 || kernel[1] < 1) {
            throw new MncException("attribute 'kernel_shape' must give 2 positive sizes, got "
                    + (kernel == null ? "none" : Arrays.toString(kernel)));
        }
        int[] strides = Args.pair(a, "strides", 1, 1);
        int[] dilations = Args.pair(a, "dilations", 1, 1);
        if (dilations[0] != 1 || dilations[1] != 1) {
            throw new MncException("dilations " + Arrays.toString(dilations) + " are not supported for pooling");
        }
        boolean ceil = a.getInt("ceil_mode", 0) != 0;
        long[] in = {x.shape().size(2), x.shape().size(3)};
        int[] pads = Padding.resolve(a, in, kernel, strides, dilations);
        boolean includePad = average && a.getInt("count_include_pad", 0) != 0;
        if (!average) {
            if (a.getInt("storage_order", 0) != 0) {
                throw new MncException("storage_order 1 (column-major indices) is not supported");
            }
            String indices = n.optionalOutput(1);
            if (indices != null && ctx.isUsed(indices)) {
                throw new MncException("the Indices output '" + indices + "' is used; mnc imports MaxPool's values only");
            }
        }
        if (ceil) {
            boolean padded = Arrays.stream(pads).anyMatch(p -> p != 0);
            boolean extended = false;
            for (int i = 0; i < 2; i++) {
                int extra = ceilExtra(in[i], kernel[i], strides[i], pads[i], pads[i + 2]);
                pads[i + 2] += extra;
                extended |= extra > 0;
            }
            if (extended && includePad) {
                if (padded) {
                    throw new MncException("ceil_mode with count_include_pad and non-zero pads cannot be expressed "
                            + "exactly; re-export with ceil_mode=0 or count_include_pad=0");
                }
                includePad = false;
            }
        }
        if (average) {
            ctx.emit(n, new AvgPool2d(kernel, strides, pads, includePad, Layout.NCHW), List.of(x), n.output(0));
        } else {
            ctx.emit(n, new MaxPool2d(kernel, strides, pads, Layout.NCHW), List.of(x), n.output(0));
        }
    }

    /** End padding that makes floor mode produce ceil mode's output size. */
    static int ceilExtra(long in, int k, int s, int padBegin, int padEnd) {
        long span = in + padBegin + padEnd - k;
        if (span < 0) {
            return 0;
        }
        long out = (span + s - 1) / s + 1;
        if ((out - 1) * s >= in + padBegin) {
            out--;
        }
        long extra = (out - 1) * s + k - (in + padBegin + padEnd);
        return (int) Math.max(0, extra);
    }

    private static void globalAverage(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        Value x = ctx.value(n.input(0));
        Args.requireImage(x, "GlobalAveragePool");
        ctx.emit(n, new Mean(new int[] {2, 3}, true), List.of(x), n.output(0));
    }

    private static void globalMax(OnnxNode n, ImportContext ctx) {
        n.requireInputs(1, 1);
        Value x = ctx.value(n.input(0));
        Args.requireImage(x, "GlobalMaxPool");
        int[] kernel = {x.shape().intSize(2), x.shape().intSize(3)};
        ctx.emit(n, new MaxPool2d(kernel, new int[] {1, 1}, new int[4], Layout.NCHW), List.of(x), n.output(0));
    }

    private static void reduceMean(OnnxNode n, ImportContext ctx) {
        NodeAttributes a = n.attrs();
        long[] axes;
        boolean noopWhenEmpty = false;
        if (n.opset() >= 18) {
            n.requireInputs(1, 2);
            axes = n.hasInput(1) ? Args.ints(n, ctx, 1, "axes") : new long[0];
            noopWhenEmpty = a.getInt("noop_with_empty_axes", 0) != 0;
        } else {
            n.requireInputs(1, 1);
            axes = a.getInts("axes", new long[0]);
        }
        boolean keep = a.getInt("keepdims", 1) != 0;
        Value x = ctx.value(n.input(0));
        Args.requireFloat(x, "ReduceMean");
        int rank = x.type().rank();
        int[] ax;
        if (axes.length == 0) {
            if (noopWhenEmpty) {
                ctx.emit(n, new dev.mnc.ir.ops.Identity(), List.of(x), n.output(0));
                return;
            }
            ax = new int[rank];
            Arrays.setAll(ax, i -> i);
        } else {
            ax = Args.axes("axes", axes, rank);
        }
        if (ax.length == 0) {
            throw new MncException("ReduceMean of a scalar is not supported");
        }
        ctx.emit(n, new Mean(ax, keep), List.of(x), n.output(0));
    }
}
