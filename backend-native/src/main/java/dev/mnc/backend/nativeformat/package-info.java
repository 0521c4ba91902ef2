/**
 * Native backend: lowers an NHWC IR graph to the runtime's program, plans its memory, and writes the versioned {@code .mnc} file.
 */
package dev.mnc.backend.nativeformat;
