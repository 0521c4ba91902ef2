package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.Gemm;

/**
 * matmul of f32 tensors with numpy batch broadcasting: a [..., M, K] times b [..., K, N]. Either
 * operand may be computed at run time, so each batch's b is copied into {@link Gemm}'s row arrays
 * (K*N copies against M*K*N multiply-adds). The operand offsets of every batch are worked out at load.
 */
final class MatMulOp extends Operator {
    private final int m;
    private final int k;
    private final int n;
    private final int[] aBatch;
    private final int[] bBatch;

    MatMulOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 2);
        c.endParams();
        Slot a = c.in(0);
        Slot b = c.in(1);
        Slot y = c.out();
        for (Slot s : new Slot[] {a, b, y}) {
            c.requireType(s, DType.F32, "tensor");
        }
        if (a.rank() < 2 || b.rank() < 2) {
            throw c.fail("inputs must have rank 2 or more");
        }
        m = a.dim(a.rank() - 2);
        k = a.dim(a.rank() - 1);
        n = b.dim(b.rank() - 1);
        if (b.dim(b.rank() - 2) != k) {
            throw c.fail("inner dimensions of " + java.util.Arrays.toString(a.shape) + " and "
                    + java.util.Arrays.toString(b.shape) + " differ");
        }
        int[] ab = java.util.Arrays.copyOf(a.shape, a.rank() - 2);
        int[] bb = java.util.Arrays.copyOf(b.shape, b.rank() - 2);
        int[] batch = BinaryOp.broadcast(c, ab, bb);
        int[] want = java.util.Arrays.copyOf(batch, batch.length + 2);
        want[batch.length] = m;
        want[batch.length + 1] = n;
        c.requireShape(y, want, "output");
        int count = 1;
        for (int d : batch) {
            count *= d;
        }
        aBatch = new int[count];
        bBatch = new int[count];
        for (int i = 0; i < count; i++) {
            int rem = i;
            int ai = 0;
            int bi = 0;
            int as = m * k;
            int bs = k * n;
            for (int d = batch.length - 1; d >= 0; d--) {
                int idx = rem % batch[d];
                rem /= batch[d];
                int da = d - (batch.length - ab.length);
                int db = d - (batch.length - bb.length);
                if (da >= 0) {
                    ai += (ab[da] == 1 ? 0 : idx) * as;
                    as *= ab[da];
                }
                if (db >= 0) {
                    bi += (bb[db] == 1 ? 0 : idx) * bs;
                    bs *= bb[db];
                }
            }
            aBatch[i] = ai;
            bBatch[i] = bi;
        }
    }

    @Override
    Step bind(Buffers bufs, Workers w) {
        float[] a = bufs.floats(inputs[0]);
        int ao = bufs.offset(inputs[0]);
        float[] b = bufs.floats(inputs[1]);
        int bo = bufs.offset(inputs[1]);
        float[] y = bufs.floats(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        Gemm.Params p = Gemm.Params.of(k, n, Activation.NONE, m, k, n);
        Gemm.Packed[] rows = w.perWorker(Gemm.Packed[]::new, () -> new Gemm.Packed(k, n, new float[k][n]));
        Gemm.Scratch[] s = w.perWorker(Gemm.Scratch[]::new, () -> new Gemm.Scratch(p, k, n));
        Workers.Range range = (from, to, wk) -> {
            for (int i = from; i < to; i++) {
                rows[wk].load(b, bo + bBatch[i], n);
                Gemm.run(p, a, ao + aBatch[i], rows[wk], null, 0, y, yo + i * m * n, 0, m, 0, n, s[wk]);
            }
        };
        int batches = aBatch.length;
        return () -> w.run(batches, range);
    }
}
