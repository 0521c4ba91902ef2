/**
 * The float32 compute kernels, NHWC, plain Java laid out for the JIT: flat {@code float[]} arrays
 * with element offsets (an arena and the place of a tensor in it), no per-element virtual calls,
 * no boxing, no streams. Each kernel is a final class of static methods taking arrays, offsets and
 * a params record, so a vectorized sibling with the same signatures can be chosen in place of one
 * of them when an op is bound, without touching the ops.
 *
 * <p>Nothing here validates user data: the runtime's op builders check every shape and offset when
 * a model loads, and kernels trust those checks. Nothing here allocates per call either; scratch
 * space comes from the caller.
 */
package dev.mnc.runtime.kernels;
