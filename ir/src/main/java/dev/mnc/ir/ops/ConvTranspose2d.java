package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * 2-D transposed convolution (the gradient of {@link Conv2d} with respect to its input), as used
 * by upsampling heads such as PP-OCR's DB detector, with an optional fused activation.
 *
 * <p>Inputs: {@code x}, {@code w}, optional {@code b} [O]. Weights in NCHW are ONNX's
 * {@code [I, O/group, kh, kw]}; in NHWC they are TFLite's {@code [O, kh, kw, I]} (group 1 only).
 *
 * <p>Each input pixel (iy, ix) scatters x[n,i,iy,ix] * w[i,o,ky,kx] into
 * z[n, o, iy*sy - pt + ky*dy, ix*sx - pl + kx*dx], which starts at b[o] (or 0); then
 * y = act(z), elementwise, once every contribution is in. Output size per axis:
 * s*(in-1) + output_padding + d*(k-1) + 1 - pad_begin - pad_end.
 *
 * @param pads [top, left, bottom, right], cropped from the full output
 * @param outputPadding [oy, ox] extra rows/columns at the bottom/right
 */
public record ConvTranspose2d(int[] strides, int[] dilations, int[] pads, int[] outputPadding, int group,
        Activation activation, Layout layout) implements Op {

    public ConvTranspose2d {
        ShapeRules.requireLength("strides", strides, 2);
        ShapeRules.requireLength("dilations", dilations, 2);
        ShapeRules.requireLength("pads", pads, 4);
        ShapeRules.requireLength("output_padding", outputPadding, 2);
        ShapeRules.requirePositive("strides", strides);
        ShapeRules.requirePositive("dilations", dilations);
        ShapeRules.requireNonNegative("pads", pads);
        ShapeRules.requireNonNegative("output_padding", outputPadding);
        if (group < 1) {
            throw new MncException("conv_transpose2d group must be at least 1, got " + group);
        }
        if (layout == Layout.NHWC && group != 1) {
            throw new MncException("conv_transpose2d in nhwc supports group 1 only, got " + group);
        }
        strides = strides.clone();
        dilations = dilations.clone();
        pads = pads.clone();
        outputPadding = outputPadding.clone();
    }

    @Override
    public String name() {
        return "conv_transpose2d";
    }

    public ConvTranspose2d withActivation(Activation a) {
        return new ConvTranspose2d(strides, dilations, pads, outputPadding, group, a, layout);
    }

    public ConvTranspose2d withLayout(Layout l) {
        return new ConvTranspose2d(strides, dilations, pads, outputPadding, group, activation, l);
    }

    /** Kernel [kh, kw] read from a weight shape of this op's layout. */
    public int[] kernel(Shape w) {
        return layout == Layout.NHWC ? new int[] {w.intSize(1), w.intSize(2)} : new int[] {w.intSize(2), w.intSize(3)};
    }

    /** Output channels read from a weight shape of this op's layout. */
    public long outputChannels(Shape w) {
        return layout == Layout.NHWC ? w.size(0) : w.size(1) * group;
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder()
                .putIfNot("strides", strides, new int[] {1, 1})
                .putIfNot("dilations", dilations, new int[] {1, 1})
                .putIfNot("pads", pads, new int[] {0, 0, 0, 0})
                .putIfNot("output_padding", outputPadding, new int[] {0, 0})
                .putIfNot("group", group, 1)
                .putIfNot("act", activation.text(), Activation.NONE.text())
                .put("layout", layout.text())
                .build();
    }

    static ConvTranspose2d fromAttrs(Attrs a) {
        return new ConvTranspose2d(a.getInts("strides", new int[] {1, 1}), a.getInts("dilations", new int[] {1, 1}),
                a.getInts("pads", new int[] {0, 0, 0, 0}), a.getInts("output_padding", new int[] {0, 0}),
                a.getInt("group", 1), Activation.fromText(a.getString("act", "none")),
                Layout.fromText(a.requireString("layout")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 2, 3);
        TensorType x = in.get(0);
        ShapeRules.requireLayout(name(), x, layout);
        ShapeRules.requireRank("conv_transpose2d weight", in.get(1), 4);
        Shape xs = x.shape();
        Shape ws = in.get(1).shape();
        long cin = xs.size(layout.channelAxis());
        long wIn = layout == Layout.NHWC ? ws.size(3) : ws.size(0);
        if (wIn != cin) {
            throw new MncException("conv_transpose2d weight " + ws + " expects " + wIn + " input channels, input "
                    + xs + " has " + cin);
        }
        if (cin % group != 0) {
            throw new MncException("conv_transpose2d input channels " + cin + " are not divisible by group " + group);
        }
        long cout = outputChannels(ws);
        if (in.size() == 3 && (in.get(2).rank() != 1 || in.get(2).shape().size(0) != cout)) {
            throw new MncException("conv_transpose2d bias must be [" + cout + "], got " + in.get(2).shape());
        }
        int[] k = kernel(ws);
        long oh = outSize(xs.size(layout.heightAxis()), k[0], 0);
        long ow = outSize(xs.size(layout.widthAxis()), k[1], 1);
        return List.of(new TensorType(x.dtype(), ShapeRules.spatial(layout, xs.dim(0), cout, oh, ow), layout));
    }

    private long outSize(long in, int k, int axis) {
        long out = strides[axis] * (in - 1) + outputPadding[axis] + (long) dilations[axis] * (k - 1) + 1
                - pads[axis] - pads[axis + 2];
        if (out <= 0) {
            throw new MncException("conv_transpose2d output size " + out + " along axis " + axis + " is not positive");
        }
        return out;
    }
}
