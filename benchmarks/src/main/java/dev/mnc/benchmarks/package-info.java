/**
 * JMH benchmarks comparing mnc's runtime with ONNX Runtime on the same models and inputs in the
 * same run; {@link dev.mnc.benchmarks.Main} prints the ratios. Not part of any shipped artifact.
 */
package dev.mnc.benchmarks;
