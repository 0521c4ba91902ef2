package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.format.OpCode;
import dev.mnc.runtime.kernels.Activation;
import dev.mnc.runtime.kernels.Broadcast;
import dev.mnc.runtime.kernels.int8.ActivationRange;
import dev.mnc.runtime.kernels.int8.ElementwiseQ8;
import dev.mnc.runtime.kernels.int8.Int8Kernels;

/**
 * add_q8, sub_q8, mul_q8: TFLite's int8 ADD, SUB and MUL with numpy broadcasting and a fused
 * activation; every operand and the output i8 per tensor, each with its own parameters (see
 * {@link ElementwiseQ8} for the rescaling). Parameter words: activation.
 */
final class BinaryQ8Op extends Operator {
    private final ElementwiseQ8.Params params;
    private final Broadcast.Plan plan;

    BinaryQ8Op(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(2, 2);
        Slot a = c.in(0);
        Slot b = c.in(1);
        Slot y = c.out();
        Activation act = c.activation();
        c.endParams();
        ModelFile.QuantRecord qa = c.perTensor(a, DType.I8, "input");
        ModelFile.QuantRecord qb = c.perTensor(b, DType.I8, "input");
        ModelFile.QuantRecord qy = c.perTensor(y, DType.I8, "output");
        c.requireShape(y, BinaryOp.broadcast(c, a.shape, b.shape), "output");
        plan = Broadcast.plan(a.shape, b.shape, y.shape);
        ActivationRange r = ActivationRange.of(act, qy.scales()[0], qy.zeroPoints()[0], -128, 127);
        float sa = qa.scales()[0];
        float sb = qb.scales()[0];
        float sy = qy.scales()[0];
        int za = qa.zeroPoints()[0];
        int zb = qb.zeroPoints()[0];
        int zy = qy.zeroPoints()[0];
        params = switch (c.record.op()) {
            case ADD_Q8 -> ElementwiseQ8.addSub(Broadcast.ADD, sa, za, sb, zb, sy, zy, r);
            case SUB_Q8 -> ElementwiseQ8.addSub(Broadcast.SUB, sa, za, sb, zb, sy, zy, r);
            default -> ElementwiseQ8.mul(sa, za, sb, zb, sy, zy, r);
        };
        if (c.record.op() != OpCode.MUL_Q8 && 2 * Math.max(sa, sb) >= (double) (1 << ElementwiseQ8.LEFT_SHIFT) * sy) {
            throw c.fail("input scales " + sa + " and " + sb + " are too large for the output scale " + sy
                    + " (TFLite's integer " + c.record.op().text() + " needs 2 max(s_a, s_b) < 2^20 s_y)");
        }
    }

    @Override
    Step bind(Buffers bufs, Workers w) {
        byte[] a = (byte[]) bufs.array(inputs[0]);
        int ao = bufs.offset(inputs[0]);
        byte[] b = (byte[]) bufs.array(inputs[1]);
        int bo = bufs.offset(inputs[1]);
        byte[] y = (byte[]) bufs.array(outputs[0]);
        int yo = bufs.offset(outputs[0]);
        int rows = plan.rows();
        Int8Kernels k = Int8Kernels.get();
        if ((long) rows * plan.inner() < 32768) {
            return () -> ElementwiseQ8.run(k, plan, params, a, ao, b, bo, y, yo, 0, rows);
        }
        Workers.Range range = (from, to, wk) -> ElementwiseQ8.run(k, plan, params, a, ao, b, bo, y, yo, from, to);
        return () -> w.run(rows, range);
    }
}
