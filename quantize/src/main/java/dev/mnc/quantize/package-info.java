/**
 * Int8 post-training quantization following the TFLite int8 specification. {@link
 * dev.mnc.quantize.Quantizer#quantize} is the entry point: it takes a float graph (after the
 * default pipeline), a {@link dev.mnc.passes.CalibrationData} set and {@link
 * dev.mnc.quantize.QuantizeOptions}, and returns the int8 graph with a {@link
 * dev.mnc.quantize.QuantizationReport} of every quantized tensor's parameters and error.
 *
 * <p>What lives here: the float rewrites that prepare a graph ({@link
 * dev.mnc.quantize.PrepareForInt8}, {@link dev.mnc.quantize.CrossLayerEqualization}, both
 * ordinary passes); calibration through the native runtime, multi-threaded with results that do
 * not depend on the thread count; the int8 constraints and their solution on the IR; the int8
 * arithmetic ({@link dev.mnc.quantize.AffineQuantization}); bias correction; the float
 * simulations that measure errors; and the report. The range-choosing observers are in {@link
 * dev.mnc.quantize.observe}. Nothing here reads files or talks to a terminal: the command line
 * loads calibration images and shows progress.
 */
package dev.mnc.quantize;
