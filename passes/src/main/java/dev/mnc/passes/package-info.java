/**
 * Graph passes over the mnc IR and the pass manager that runs them.
 *
 * <p>The manager: {@link dev.mnc.passes.Pass} (the one extension point) with its
 * {@link dev.mnc.passes.PassInfo}, {@link dev.mnc.passes.PassContext} (disabled passes, typed
 * {@link dev.mnc.passes.PassOption}s, instruments, diagnostics), {@link dev.mnc.passes.Pipeline}
 * (a pass that runs passes), {@link dev.mnc.passes.PassResult} with its
 * {@link dev.mnc.passes.RewriteEvent}s, and {@link dev.mnc.passes.PassRegistry} (built-ins plus
 * {@link java.util.ServiceLoader} plugins, {@code --passes} specs).
 *
 * <p>The built-in passes, one per class, each documented with Before/After, Applies when, Math
 * and Skips when: {@link dev.mnc.passes.BuiltinPasses} lists them and builds the default
 * pipelines. Instruments live in {@code dev.mnc.passes.instrument}, the pattern-rewrite helper in
 * {@code dev.mnc.passes.pattern}. Nothing here reads files or knows about ONNX or TFLite.
 */
package dev.mnc.passes;
