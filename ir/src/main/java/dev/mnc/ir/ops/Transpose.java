package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * Permutes axes: y.shape[i] = x.shape[perm[i]]. The permutation (0,2,3,1) turns an NCHW tensor
 * into NHWC and (0,3,1,2) back; the output carries that layout.
 */
public record Transpose(int[] perm) implements Op {

    public static final int[] NCHW_TO_NHWC = {0, 2, 3, 1};
    public static final int[] NHWC_TO_NCHW = {0, 3, 1, 2};

    public Transpose {
        perm = perm.clone();
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            if (p < 0 || p >= perm.length || seen[p]) {
                throw new MncException("transpose perm " + Arrays.toString(perm) + " is not a permutation");
            }
            seen[p] = true;
        }
    }

    @Override
    public String name() {
        return "transpose";
    }

    /** True when the permutation moves nothing. */
    public boolean isIdentity() {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().put("perm", perm).build();
    }

    static Transpose fromAttrs(Attrs a) {
        return new Transpose(a.requireInts("perm"));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 1, 1);
        TensorType x = in.get(0);
        var shape = x.shape().permute(perm);
        Layout l = Layout.NONE;
        if (Arrays.equals(perm, NCHW_TO_NHWC) && x.layout() != Layout.NHWC) {
            l = Layout.NHWC;
        } else if (Arrays.equals(perm, NHWC_TO_NCHW) && x.layout() != Layout.NCHW) {
            l = Layout.NCHW;
        }
        return List.of(ShapeRules.type(x.dtype(), shape, l));
    }
}
