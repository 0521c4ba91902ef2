/**
 * The embeddable runtime: loads a compiled {@code .mnc} model ({@link dev.mnc.runtime.Model}) and
 * runs it ({@link dev.mnc.runtime.Session}) on {@link dev.mnc.runtime.Tensor}s. Depends on nothing
 * but the JDK and never on the compiler, so an app embeds this jar alone.
 *
 * <p>Errors: a malformed file is a checked {@link dev.mnc.runtime.ModelFormatException} at load;
 * a bad call (unknown input, wrong shape) is an {@link dev.mnc.runtime.InferenceException}; use of
 * a closed model or session is an {@link IllegalStateException}.
 */
package dev.mnc.runtime;
