package dev.mnc.quantize;

import dev.mnc.ir.Graph;

/**
 * The outcome of {@link Quantizer#quantize}.
 *
 * @param graph the int8 graph, ready for {@code TfliteWriter} or {@code NativeCompiler}
 * @param report per-tensor parameters and errors
 */
public record QuantizationResult(Graph graph, QuantizationReport report) {}
