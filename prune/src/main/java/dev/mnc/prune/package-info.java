/**
 * Structured channel pruning of float NCHW graphs (as the ONNX frontend imports them, before
 * layout conversion, batch-norm folding and quantization), without retraining.
 *
 * <p>{@link dev.mnc.prune.Pruner} is the entry point: {@link dev.mnc.prune.DependencyGraph}
 * finds the groups of channels that can only go together, an {@link dev.mnc.prune.Importance}
 * criterion ranks their channels, a {@link dev.mnc.prune.Budget} says how many go, the slicer
 * removes them (always a valid, smaller graph), recovery refits the layers that read pruned
 * channels by least squares on {@link dev.mnc.passes.CalibrationData}, and
 * {@link dev.mnc.prune.PruneReport} tells what changed. {@link dev.mnc.prune.GraphCost} counts
 * MACs and parameters; {@link dev.mnc.prune.NativeLatency} times a graph on the native runtime.
 *
 * <p>Activations are measured on the native runtime, the one set of kernels the deployed model
 * uses; nothing here depends on the command line, on file formats or on the quantizer.
 */
package dev.mnc.prune;
