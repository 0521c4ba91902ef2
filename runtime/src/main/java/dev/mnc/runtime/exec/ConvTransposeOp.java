package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.OpCode;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.ConvGeometry;
import dev.mnc.runtime.kernels.ConvTranspose2d;

/**
 * conv_transpose2d in NHWC, group 1, weights [O][kh][kw][I] (constant), optional bias [O] and,
 * with opcode 29 (format 1.2), a fused activation clamping each output pixel once all its
 * contributions are summed. Output size per axis: s*(in-1) + output_padding + d*(k-1) + 1 -
 * pad_begin - pad_end.
 *
 * <p>Parameter words: stride y, x, dilation y, x, pad top, left, bottom, right, output padding y, x;
 * opcode 29 adds the activation word. Opcode 2 (format 1.0) has none: its files still load.
 */
final class ConvTransposeOp extends Operator {
    private final ConvGeometry g;
    private final Activation act;
    private final float[][] packed;

    ConvTransposeOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 3);
        Slot x = c.in(0);
        Slot w = c.in(1);
        Slot b = c.optIn(2);
        Slot y = c.out();
        int sy = c.i("stride", 1, 1 << 16);
        int sx = c.i("stride", 1, 1 << 16);
        int dy = c.i("dilation", 1, 1 << 16);
        int dx = c.i("dilation", 1, 1 << 16);
        int pt = c.i("pad", 0, 1 << 16);
        int pl = c.i("pad", 0, 1 << 16);
        int pb = c.i("pad", 0, 1 << 16);
        int pr = c.i("pad", 0, 1 << 16);
        int opy = c.i("output padding", 0, 1 << 16);
        int opx = c.i("output padding", 0, 1 << 16);
        act = c.record.op() == OpCode.CONV_TRANSPOSE2D_ACT ? c.activation() : Activation.NONE;
        c.endParams();
        for (Slot s : new Slot[] {x, w, y}) {
            c.requireType(s, DType.F32, "tensor");
            c.requireRank(s, 4, "tensor");
        }
        c.requireConstant(w, "weight");
        int ci = x.dim(3);
        int co = w.dim(0);
        if (w.dim(3) != ci || w.dim(1) < 1 || w.dim(2) < 1) {
            throw c.fail("weight " + java.util.Arrays.toString(w.shape) + " does not fit input "
                    + java.util.Arrays.toString(x.shape));
        }
        if (b != null) {
            c.requireType(b, DType.F32, "bias");
            c.requireShape(b, new int[] {co}, "bias");
        }
        int kh = w.dim(1);
        int kw = w.dim(2);
        long oh = (long) sy * (x.dim(1) - 1) + opy + (long) dy * (kh - 1) + 1 - pt - pb;
        long ow = (long) sx * (x.dim(2) - 1) + opx + (long) dx * (kw - 1) + 1 - pl - pr;
        if (oh + pt + pb > Windows.LIMIT || ow + pl + pr > Windows.LIMIT) {
            throw c.fail("output of " + oh + "x" + ow + " with its pads exceeds the runtime's limit of " + Windows.LIMIT);
        }
        if (oh < 1 || ow < 1 || x.dim(1) < 1 || x.dim(2) < 1) {
            throw c.fail("output size " + oh + "x" + ow + " is not positive");
        }
        c.requireShape(y, new int[] {x.dim(0), c.size(oh, "height"), c.size(ow, "width"), co}, "output");
        g = new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), ci, (int) oh, (int) ow, co, kh, kw, sy, sx, dy, dx, pt, pl, 1);
        packed = ConvTranspose2d.packWeights((float[]) w.constant, 0, co, kh, kw, ci);
    }

    @Override
    Step bind(Buffers bufs, Workers workers) {
        Slot b = inputs.length > 2 ? inputs[2] : null;
        float[] xa = bufs.floats(inputs[0]);
        int xo = bufs.offset(inputs[0]);
        float[] ba = b == null ? null : bufs.floats(b);
        int bo = b == null ? 0 : bufs.offset(b);
        float[] ya = bufs.floats(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        float[][] acc = new float[workers.count()][g.outC()];
        Workers.Range range = (from, to, wk) -> ConvTranspose2d.run(g, act, xa, xo, packed, ba, bo, ya, yo, from,
                to, acc[wk]);
        int rows = g.batch() * g.outH();
        return () -> workers.run(rows, range);
    }
}
