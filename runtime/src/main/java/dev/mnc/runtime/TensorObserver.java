package dev.mnc.runtime;

/**
 * Sees every tensor a run computes, for calibration and per-layer comparisons: the model inputs
 * first (after they are copied in), then, after each op, each of its outputs, in program order.
 * Constants are not reported.
 *
 * <p>The {@link TensorView} is valid only during the call: it points into the session's arena,
 * which later ops overwrite, and the same view object is reused for the next call. Copy what you
 * need to keep ({@link TensorView#toTensor()} or {@link TensorView#copyTo}). Observers run on the
 * thread that called {@link Session#run(java.util.Map, TensorObserver)}.
 */
@FunctionalInterface
public interface TensorObserver {
    void observe(String tensorName, TensorView view);
}
