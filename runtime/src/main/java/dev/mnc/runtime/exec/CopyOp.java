package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;

/**
 * reshape and identity: the same elements under a (possibly) new shape. When the memory plan put
 * the output at its input's place (the usual case) there is nothing to do; otherwise, or when the
 * input is a constant, the elements are copied.
 */
final class CopyOp extends Operator {
    private final boolean alias;

    CopyOp(OpContext c) throws ModelFormatException {
        super(c);
        c.arity(1, 1);
        c.endParams();
        Slot x = c.in(0);
        Slot y = c.out();
        if (x.dtype != y.dtype || x.count != y.count) {
            throw c.fail("input " + x.dtype.text() + java.util.Arrays.toString(x.shape) + " and output "
                    + y.dtype.text() + java.util.Arrays.toString(y.shape) + " differ in type or element count");
        }
        alias = x.constant == null && x.offset == y.offset;
    }

    @Override
    boolean isAlias() {
        return alias;
    }

    @Override
    Step bind(Buffers b, Workers w) {
        if (alias) {
            return () -> { };
        }
        Object x = b.array(inputs[0]);
        int xo = b.offset(inputs[0]);
        Object y = b.array(outputs[0]);
        int yo = b.offset(outputs[0]);
        int n = inputs[0].count;
        return () -> System.arraycopy(x, xo, y, yo, n);
    }
}
