/**
 * Native backend: lowers an NHWC IR graph to the runtime's program, plans its memory and writes the
 * versioned {@code .mnc} file ({@link dev.mnc.backend.nativeformat.NativeCompiler} is the entry
 * point; {@code runtime/FORMAT.md} the format). Knows the IR and the runtime's format constants;
 * never executes kernels itself (it loads the result once through the runtime to check it).
 */
package dev.mnc.backend.nativeformat;
