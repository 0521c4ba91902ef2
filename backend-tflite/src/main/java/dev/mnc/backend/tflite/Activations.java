package dev.mnc.backend.tflite;

import dev.mnc.ir.ops.Activation;
import org.tensorflow.lite.schema.ActivationFunctionType;

/** The IR's fused activations as TFLite's {@code ActivationFunctionType} codes; all four exist in both. */
final class Activations {
    private Activations() {}

    static byte code(Activation a) {
        return switch (a) {
            case NONE -> ActivationFunctionType.NONE;
            case RELU -> ActivationFunctionType.RELU;
            case RELU6 -> ActivationFunctionType.RELU6;
            case RELU_N1_TO_1 -> ActivationFunctionType.RELU_N1_TO_1;
        };
    }
}
