/**
 * Execution of a validated model: the {@link dev.mnc.runtime.exec.Program} built from a parsed file
 * (every op's shapes checked, weights decoded and packed), the per-session
 * {@link dev.mnc.runtime.exec.Buffers} (the arenas of the memory plan), the operators that bind to
 * them, and the worker pool for multi-threaded sessions. Internal to the runtime; the public API
 * is {@link dev.mnc.runtime.Model} and {@link dev.mnc.runtime.Session}.
 */
package dev.mnc.runtime.exec;
