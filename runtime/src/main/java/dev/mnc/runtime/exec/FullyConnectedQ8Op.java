package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.int8.ConvParams;
import dev.mnc.runtime.kernels.int8.GemmQ8;
import dev.mnc.runtime.kernels.int8.Int8Kernels;

/**
 * fully_connected_q8: TFLite's int8 FULLY_CONNECTED. x [N,K] i8 per tensor, w [O,K] constant i8
 * symmetric (per tensor or per output row), b [O] i32 optional, y [N,O] i8 per tensor:
 * y[n,o] = clamp(M[o](b[o] + sum_k (x[n,k] - Z_x) w[o,k]) + Z_y), M[o] = s_x s_w[o] / s_y in double.
 * Weights are packed at load to [K][O] for the {@link Int8Kernels} matrix product, whose half-up
 * requantization matches TFLite's ruy matrix product on x86. Threads split the batch rows.
 *
 * <p>Parameter words: activation.
 */
final class FullyConnectedQ8Op extends Operator {
    private final ConvParams params;
    private final GemmQ8.Packed packed;
    private final int rows;
    private final int k;
    private final int o;

    FullyConnectedQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 3);
        Activation act = c.activation();
        c.endParams();
        Slot x = c.in(0);
        Slot w = c.in(1);
        Slot b = c.optIn(2);
        ModelFile.QuantRecord qx = c.perTensor(x, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(c.out(), DType.I8, "output");
        for (Slot s : new Slot[] {x, w, c.out()}) {
            c.requireRank(s, 2, "tensor");
        }
        rows = x.dim(0);
        k = x.dim(1);
        o = w.dim(0);
        if (w.dim(1) != k) {
            throw c.fail("weight " + java.util.Arrays.toString(w.shape) + " does not fit input "
                    + java.util.Arrays.toString(x.shape));
        }
        if (k > ConvParams.MAX_DEPTH) {
            throw c.fail("an input of " + k + " features exceeds the int8 accumulator's limit of " + ConvParams.MAX_DEPTH);
        }
        float[] ws = c.weightScales(w, o);
        if (b != null) {
            c.requireType(b, DType.I32, "bias");
            c.requireShape(b, new int[] {o}, "bias");
        }
        c.requireShape(c.out(), new int[] {rows, o}, "output");
        params = ConvQ8Op.params(qx, ws, qy, act, o, o);
        packed = GemmQ8.Packed.ofOutputRows((byte[]) w.constant, 0, k, o);
    }

    @Override
    Step bind(Buffers bufs, Workers workers) {
        Slot b = inputs.length > 2 ? inputs[2] : null;
        byte[] x = (byte[]) bufs.array(inputs[0]);
        int xo = bufs.offset(inputs[0]);
        int[] ba = b == null ? null : (int[]) bufs.array(b);
        int bo = b == null ? 0 : bufs.offset(b);
        byte[] y = (byte[]) bufs.array(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        Int8Kernels kernels = Int8Kernels.get();
        boolean tr = kernels.transposes(rows, k, o);
        GemmQ8.Scratch[] s = workers.perWorker(GemmQ8.Scratch[]::new, () -> new GemmQ8.Scratch(tr, k, o));
        Workers.Range range = (from, to, wk) -> kernels.gemm(params, x, xo, k, packed, ba, bo, y, yo, o, 0, from, to,
                s[wk]);
        return () -> workers.run(rows, range);
    }
}
