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
 *
 * <p>The hot loops (matrix products, depthwise rows, add/sub/mul rows) sit behind
 * {@link dev.mnc.runtime.kernels.int8.Int8Kernels}: plain Java shaped for C2's auto-vectorizer, or
 * the Vector API when the JVM has {@code jdk.incubator.vector} ({@code VectorInt8Kernels}, compiled
 * from {@code src/main/java-vector} into this package). Both give identical integers. Sums of int8
 * products are formed in float where that is exact (see {@link dev.mnc.runtime.kernels.int8.GemmQ8}),
 * because float multiply-adds are the fastest arithmetic a JDK 17 JIT emits.
 */
package dev.mnc.runtime.kernels.int8;
