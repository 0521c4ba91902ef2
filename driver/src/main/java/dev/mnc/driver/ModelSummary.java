package dev.mnc.driver;

import java.util.List;
import java.util.Map;

/**
 * What {@code mnc inspect} reports about a model, whatever its format.
 *
 * @param format the file's format
 * @param details one line about the file (producer, opset, schema version, ...)
 * @param opCounts ops by name (IR names for ONNX and .mnc, TFLite builtin names for .tflite)
 * @param layers every op in execution order with its cost
 * @param parameters total parameters, each constant tensor counted once
 * @param macs total multiply-accumulates
 * @param metadata free-form key/values stored in the file
 */
public record ModelSummary(String file, ModelFormat format, String details, List<Tensor> inputs,
        List<Tensor> outputs, Map<String, Integer> opCounts, List<Layer> layers, long parameters, long macs,
        Map<String, String> metadata) {

    /** A model input or output; {@code scale} is null for float tensors. */
    public record Tensor(String name, String dtype, List<String> shape, Float scale, Integer zeroPoint) {}

    /** One op. */
    public record Layer(String name, String op, List<String> outputShape, long parameters, long macs) {}
}
