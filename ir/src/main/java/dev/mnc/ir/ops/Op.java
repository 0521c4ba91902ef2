package dev.mnc.ir.ops;

import dev.mnc.ir.Layout;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * An IR operation with its attributes. Ops are immutable values; a pass that changes an attribute
 * replaces the node's op with a copy ({@code conv.withActivation(RELU6)}).
 *
 * <p>Every op has exactly one output unless documented otherwise. Optional inputs are trailing and
 * simply omitted (a conv without bias has two inputs).
 */
public sealed interface Op
        permits Conv2d, ConvTranspose2d, BatchNorm, Relu, Clip, Sigmoid, HardSigmoid, HardSwish, LeakyRelu,
                Binary, AvgPool2d, MaxPool2d, Mean, Reshape, Transpose, Concat, Softmax, Pad, Resize,
                FullyConnected, MatMul, Gather, Slice, Cast, Identity, Quantize, Dequantize {

    /** Name in the IR text form, e.g. {@code conv2d}. */
    String name();

    /** Attributes that differ from their defaults, in a stable order, for printing. */
    Attrs attrs();

    /**
     * Output types for the given input types.
     *
     * @throws dev.mnc.ir.MncException when the inputs do not fit the op (the caller adds the node's name)
     */
    List<TensorType> inferTypes(List<TensorType> inputs);

    /**
     * The layout a spatial op (convolution, pooling, resize, batch norm) reads and writes its 4-D
     * tensors in; {@link Layout#NONE} for ops that do not depend on one.
     */
    default Layout layout() {
        return Layout.NONE;
    }
}
