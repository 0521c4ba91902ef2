/**
 * The closed set of IR operations. Each op is a record holding its typed attributes, with a Javadoc
 * stating its inputs, semantics and shape rule, and {@link dev.mnc.ir.ops.Op#inferTypes} computing
 * output types. Frontends map foreign op zoos onto this set (ONNX {@code Clip} at any opset becomes
 * one {@link dev.mnc.ir.ops.Clip}); backends map it onto theirs. {@link dev.mnc.ir.ops.Ops} lists
 * them all by text name.
 *
 * <h2>Quantized graphs</h2>
 * The same ops run on int8 data, following the TFLite int8 quantization specification; the
 * element type and the {@link dev.mnc.ir.QuantParams} on each value say how to read it
 * (real = scale * (q - zero_point)):
 * <ul>
 *   <li>Activations: {@code i8}, per-tensor, zero point in [-128, 127].</li>
 *   <li>{@code conv2d} weights: {@code i8} constants, symmetric (zero point 0, values in
 *       [-127, 127]), per-axis along axis 0 (the output channel, in both OIHW and OHWI, and
 *       {@code [O,kh,kw,1]} for depthwise). {@code fully_connected} weights: the same, per-tensor
 *       or per-axis along axis 0.</li>
 *   <li>Biases: {@code i32} constants, zero point 0, scale = input_scale * weight_scale (per output
 *       channel when the weights are per-axis).</li>
 *   <li>Fused activations clamp in the quantized domain: the bounds are quantized with the output's
 *       parameters and intersected with [-128, 127].</li>
 *   <li>Ops that must not change the scale: {@code avg_pool2d}, {@code max_pool2d},
 *       {@code reshape}, {@code concat}, {@code pad}, {@code resize}, {@code transpose},
 *       {@code slice}, {@code gather}: output parameters equal the input's (all inputs' for
 *       concat).</li>
 *   <li>Fixed output parameters: {@code softmax} and {@code sigmoid} scale 1/256, zero point
 *       -128.</li>
 *   <li>{@code add}, {@code sub}, {@code mul}, {@code mean}, {@code hard_swish} and the convolutions
 *       rescale: each input and the output have their own parameters.</li>
 *   <li>{@code quantize} (f32 to i8/u8, or i8 to u8 and back) and {@code dequantize} sit at model
 *       boundaries when the model's I/O stays float or uint8.</li>
 * </ul>
 * Backends compute the fixed-point multipliers (Q0.31 significand and shift, as TFLite does) from
 * these scales; the IR stores only real-valued scales.
 */
package dev.mnc.ir.ops;
