/**
 * The int8 kernels: quantized convolution, depthwise convolution, dense layers, elementwise
 * arithmetic, pooling, mean, softmax, logistic, hard swish, resize, pad and requantization, each
 * computing what TFLite's built-in integer kernels compute for the same quantization parameters
 * (BuiltinOpResolverWithoutDefaultDelegates on x86), to the bit where the arithmetic is integer.
 *
 * <p>All fixed-point rescaling goes through {@link dev.mnc.runtime.kernels.int8.QuantizedMultiplier};
 * a value q of a tensor with scale s and zero point z stands for s * (q - z). Kernels take the
 * TFLite-style {@code offset}s (input offset = -z of the input, output offset = z of the output)
 * precomputed by the runtime's op builders at load; they validate nothing and allocate nothing per
 * call, like the float kernels next door.
 */
package dev.mnc.runtime.kernels.int8;
