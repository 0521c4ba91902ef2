package dev.mnc.quantize;

import dev.mnc.ir.Node;

/**
 * The int8 weights and int32 bias of one conv2d or fully_connected layer (see
 * {@link AffineQuantization} for the arithmetic).
 *
 * @param weights q in [-127, 127], in the float weights' layout
 * @param perChannel whether the scales run along axis 0 (one per output channel)
 * @param scales one scale per output channel, or one for the tensor
 * @param bias int32 bias, one per output channel
 * @param biasScales input_scale * weight scale, as many as {@code scales}
 * @param dequantized scale * q: the weights the int8 layer computes with
 * @param floatBias the float bias that was quantized (corrected, when bias correction ran)
 */
record QuantizedWeights(byte[] weights, boolean perChannel, float[] scales, int[] bias, float[] biasScales, float[] dequantized,
        float[] floatBias) {

    /**
     * Quantizes layer {@code n}'s float weights and bias for an input quantized with
     * {@code inputScale}.
     *
     * @param perChannel one weight scale per output channel rather than one per tensor
     * @param means the layer's mean inputs, to correct its bias with; null for no correction
     */
    static QuantizedWeights of(Node n, float inputScale, boolean perChannel, InputMeans means) {
        float[] w = n.input(1).data().floats();
        int out = n.input(1).shape().intSize(0);
        float[] b = n.numInputs() > 2 ? n.input(2).data().floats() : new float[out];
        float[] scales = AffineQuantization.weightScales(w, perChannel ? out : 1);
        scales = AffineQuantization.fitBias(scales, b, inputScale);
        byte[] q = AffineQuantization.quantizeWeights(w, scales);
        float[] dq = AffineQuantization.dequantizeWeights(q, scales);
        float[] bias = means == null ? b : BiasCorrection.correct(n, w, dq, b, means);
        float[] biasScales = AffineQuantization.biasScales(inputScale, scales);
        return new QuantizedWeights(q, perChannel, scales, AffineQuantization.quantizeBias(bias, biasScales), biasScales, dq, bias);
    }
}
