package dev.mnc.backend.tflite;

import dev.mnc.ir.Value;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;

/**
 * Emits the explicit PAD a {@link PaddingPlan} asks for before a VALID conv or pool: PAD for
 * zeros (which TFLite fills with the zero point when quantized, i.e. the real value 0), PADV2
 * with a one-element constant for any other fill (-infinity before max pooling). Neither has
 * options worth a table, so none is written (TFLite reads a missing table as defaults).
 */
final class SpatialPadding {
    private SpatialPadding() {}

    /**
     * Pads the NHWC tensor {@code xTensor} (holding {@code x}) by [top, left, bottom, right] with
     * {@code fill}; returns the padded tensor.
     */
    static int pad(Lowering l, Value x, int xTensor, int[] pads, float fill, String name) {
        int[] s = Lowering.dims(x);
        int[] padded = {s[0], s[1] + pads[0] + pads[2], s[2] + pads[1] + pads[3], s[3]};
        int paddings = l.int32(name + "/paddings", new int[] {4, 2},
                new int[] {0, 0, pads[0], pads[2], pads[1], pads[3], 0, 0});
        int out = l.activationLike(name, x, padded);
        if (fill == 0f) {
            l.op(BuiltinOperator.PAD, new int[] {xTensor, paddings}, new int[] {out}, BuiltinOptions.NONE, 0);
        } else {
            int value = l.scalarLike(name + "/value", x, fill, 0);
            l.op(BuiltinOperator.PADV2, new int[] {xTensor, paddings, value}, new int[] {out}, BuiltinOptions.NONE, 0);
        }
        return out;
    }
}
