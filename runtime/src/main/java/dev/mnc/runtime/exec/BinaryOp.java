package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.Broadcast;

/**
 * add, sub, mul, div on f32 with numpy broadcasting and a fused activation, through a
 * {@link Broadcast.Plan} made at load; rows of the plan are split across threads.
 *
 * <p>Parameter words: activation.
 */
final class BinaryOp extends Operator {
    private final int kind;
    private final Activation act;
    private final Broadcast.Plan plan;

    BinaryOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 2);
        Slot a = c.in(0);
        Slot b = c.in(1);
        Slot y = c.out();
        act = c.activation();
        c.endParams();
        kind = switch (c.record.op()) {
            case ADD -> Broadcast.ADD;
            case SUB -> Broadcast.SUB;
            case MUL -> Broadcast.MUL;
            default -> Broadcast.DIV;
        };
        for (Slot s : new Slot[] {a, b, y}) {
            c.requireType(s, DType.F32, "tensor");
        }
        c.requireShape(y, broadcast(c, a.shape, b.shape), "output");
        plan = Broadcast.plan(a.shape, b.shape, y.shape);
    }

    /** The numpy broadcast of two shapes (right-aligned; equal dims or one of them 1). */
    static int[] broadcast(OpContext c, int[] a, int[] b) throws ModelFormatException {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int ai = i - (rank - a.length);
            int bi = i - (rank - b.length);
            int da = ai >= 0 ? a[ai] : 1;
            int db = bi >= 0 ? b[bi] : 1;
            if (da != db && da != 1 && db != 1) {
                throw c.fail("shapes " + java.util.Arrays.toString(a) + " and " + java.util.Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    @Override
    Step bind(Buffers bufs, Workers w) {
        float[] a = bufs.floats(inputs[0]);
        int ao = bufs.offset(inputs[0]);
        float[] b = bufs.floats(inputs[1]);
        int bo = bufs.offset(inputs[1]);
        float[] y = bufs.floats(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        Workers.Range range = (from, to, wk) -> Broadcast.run(plan, kind, act, a, ao, b, bo, y, yo, from, to);
        int rows = plan.rows();
        if ((long) rows * plan.inner() < 32768) {
            return () -> Broadcast.run(plan, kind, act, a, ao, b, bo, y, yo, 0, rows);
        }
        return () -> w.run(rows, range);
    }
}
