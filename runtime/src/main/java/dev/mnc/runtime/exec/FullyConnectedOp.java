package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.Gemm;

/**
 * fully_connected: y[n, o] = act(b[o] + sum_k x[n, k] * w[o, k]), x [N, K], constant w [O, K]
 * packed at load to [K][O] for {@link Gemm}. Threads split the batch rows, or the output columns
 * when there are fewer rows than threads (the single-image classifier). Parameter words: activation.
 */
final class FullyConnectedOp extends Operator {
    private final Activation act;
    private final Gemm.Packed packed;
    private final int rows;
    private final int k;
    private final int o;

    FullyConnectedOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 3);
        act = c.activation();
        c.endParams();
        Slot x = c.in(0);
        Slot w = c.in(1);
        Slot b = c.optIn(2);
        for (Slot s : new Slot[] {x, w, c.out()}) {
            c.requireType(s, DType.F32, "tensor");
            c.requireRank(s, 2, "tensor");
        }
        c.requireConstant(w, "weight");
        rows = x.dim(0);
        k = x.dim(1);
        o = w.dim(0);
        if (w.dim(1) != k) {
            throw c.fail("weight " + java.util.Arrays.toString(w.shape) + " does not fit input "
                    + java.util.Arrays.toString(x.shape));
        }
        if (b != null) {
            c.requireType(b, DType.F32, "bias");
            c.requireShape(b, new int[] {o}, "bias");
        }
        c.requireShape(c.out(), new int[] {rows, o}, "output");
        float[] wt = (float[]) w.constant;
        float[][] rows = new float[k][o];
        for (int i = 0; i < o; i++) {
            for (int j = 0; j < k; j++) {
                rows[j][i] = wt[i * k + j];
            }
        }
        packed = new Gemm.Packed(k, o, rows);
    }

    @Override
    Step bind(Buffers bufs, Workers workers) {
        Slot b = inputs.length > 2 ? inputs[2] : null;
        float[] x = bufs.floats(inputs[0]);
        int xo = bufs.offset(inputs[0]);
        float[] ba = b == null ? null : bufs.floats(b);
        int bo = b == null ? 0 : bufs.offset(b);
        float[] y = bufs.floats(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        boolean byRows = rows >= workers.count();
        Gemm.Params p = byRows ? Gemm.Params.of(k, o, act, rows, k, o) : new Gemm.Params(k, o, act, false);
        Gemm.Scratch[] s = workers.perWorker(Gemm.Scratch[]::new, () -> new Gemm.Scratch(p, k, o));
        if (byRows) {
            Workers.Range range = (from, to, wk) -> Gemm.run(p, x, xo, packed, ba, bo, y, yo, from, to, 0, o, s[wk]);
            return () -> workers.run(rows, range);
        }
        Workers.Range range = (from, to, wk) -> Gemm.run(p, x, xo, packed, ba, bo, y, yo, 0, rows, from, to, s[wk]);
        return () -> workers.run(o, range);
    }
}
