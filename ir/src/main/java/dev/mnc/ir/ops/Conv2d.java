package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * 2-D convolution, grouped and dilated, with an optional fused activation.
 *
 * <p>Inputs: {@code x}, {@code w}, optional {@code b} [O]. Weight layout follows the op's layout:
 * NCHW takes ONNX's {@code [O, I/group, kh, kw]}, NHWC takes {@code [O, kh, kw, I/group]} (TFLite's
 * OHWI). {@code group == I == O} is a depthwise conv; {@code O = I * multiplier} with
 * {@code group == I} is a depthwise conv with channel multiplier.
 *
 * <p>y[n,o,oy,ox] = act(b[o] + sum over the group's input channels i and taps ky,kx of
 * x[n, g*I/group + i, oy*sy - pt + ky*dy, ox*sx - pl + kx*dx] * w[o,i,ky,kx]), padding reads zero.
 * Output size per axis: floor((in + pad_begin + pad_end - d*(k-1) - 1)/s) + 1.
 *
 * @param strides [sy, sx]
 * @param dilations [dy, dx]
 * @param pads [top, left, bottom, right]
 */
public record Conv2d(int[] strides, int[] dilations, int[] pads, int group, Activation activation, Layout layout)
        implements Op {

    public Conv2d {
        ShapeRules.requireLength("strides", strides, 2);
        ShapeRules.requireLength("dilations", dilations, 2);
        ShapeRules.requireLength("pads", pads, 4);
        ShapeRules.requirePositive("strides", strides);
        ShapeRules.requirePositive("dilations", dilations);
        ShapeRules.requireNonNegative("pads", pads);
        if (group < 1) {
            throw new MncException("conv2d group must be at least 1, got " + group);
        }
        strides = strides.clone();
        dilations = dilations.clone();
        pads = pads.clone();
    }

    @Override
    public String name() {
        return "conv2d";
    }

    public Conv2d withActivation(Activation a) {
        return new Conv2d(strides, dilations, pads, group, a, layout);
    }

    public Conv2d withLayout(Layout l) {
        return new Conv2d(strides, dilations, pads, group, activation, l);
    }

    public Conv2d withPads(int[] p) {
        return new Conv2d(strides, dilations, p, group, activation, layout);
    }

    /** Kernel height and width read from a weight shape of this op's layout. */
    public int[] kernel(Shape w) {
        return layout == Layout.NHWC ? new int[] {w.intSize(1), w.intSize(2)} : new int[] {w.intSize(2), w.intSize(3)};
    }

    /** Input channels per group, read from a weight shape of this op's layout. */
    public int inputChannelsPerGroup(Shape w) {
        return layout == Layout.NHWC ? w.intSize(3) : w.intSize(1);
    }

    /** True when every input channel has its own filters (depthwise, any channel multiplier). */
    public boolean isDepthwise(Shape x) {
        int c = x.intSize(layout.channelAxis());
        return group == c && group > 1;
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder()
                .putIfNot("strides", strides, new int[] {1, 1})
                .putIfNot("dilations", dilations, new int[] {1, 1})
                .putIfNot("pads", pads, new int[] {0, 0, 0, 0})
                .putIfNot("group", group, 1)
                .putIfNot("act", activation.text(), Activation.NONE.text())
                .put("layout", layout.text())
                .build();
    }

    static Conv2d fromAttrs(Attrs a) {
        return new Conv2d(a.getInts("strides", new int[] {1, 1}), a.getInts("dilations", new int[] {1, 1}),
                a.getInts("pads", new int[] {0, 0, 0, 0}), a.getInt("group", 1),
                Activation.fromText(a.getString("act", "none")), Layout.fromText(a.requireString("layout")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 2, 3);
        TensorType x = in.get(0);
        TensorType w = in.get(1);
        ShapeRules.requireLayout(name(), x, layout);
        ShapeRules.requireRank("conv2d weight", w, 4);
        Shape xs = x.shape();
        Shape ws = w.shape();
        long cin = xs.size(layout.channelAxis());
        long cout = ws.size(0);
        int[] k = kernel(ws);
        long perGroup = inputChannelsPerGroup(ws);
        if (perGroup * group != cin) {
            throw new MncException("conv2d weight " + ws + " with group " + group + " expects " + perGroup * group
                    + " input channels, input " + xs + " has " + cin);
        }
        if (cout % group != 0) {
            throw new MncException("conv2d output channels " + cout + " are not divisible by group " + group);
        }
        if (in.size() == 3) {
            TensorType b = in.get(2);
            if (b.rank() != 1 || b.shape().size(0) != cout) {
                throw new MncException("conv2d bias must be [" + cout + "], got " + b.shape());
            }
        }
        long oh = ShapeRules.windowOut(xs.size(layout.heightAxis()), k[0], strides[0], dilations[0], pads[0], pads[2]);
        long ow = ShapeRules.windowOut(xs.size(layout.widthAxis()), k[1], strides[1], dilations[1], pads[1], pads[3]);
        return List.of(new TensorType(x.dtype(), ShapeRules.spatial(layout, xs.dim(0), cout, oh, ow), layout));
    }
}
