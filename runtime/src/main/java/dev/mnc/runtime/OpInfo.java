package dev.mnc.runtime;

import java.util.List;

/**
 * One op of a loaded model, for inspection tools: its kind (the IR op name, e.g. {@code conv2d}),
 * the source-model node it came from, and its input and output tensors. An optional input the
 * model omits is absent from {@code inputs}; {@code constantInputs} says which inputs are
 * constants (weights, biases).
 */
public record OpInfo(String op, String name, List<TensorInfo> inputs, List<Boolean> constantInputs,
        List<TensorInfo> outputs) {

    public OpInfo {
        inputs = List.copyOf(inputs);
        constantInputs = List.copyOf(constantInputs);
        outputs = List.copyOf(outputs);
    }
}
