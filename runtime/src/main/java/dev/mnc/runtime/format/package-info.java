/**
 * The {@code .mnc} file format: its constants ({@link dev.mnc.runtime.format.Format},
 * {@link dev.mnc.runtime.format.OpCode}) shared with the writer in backend-native, and the reader
 * ({@link dev.mnc.runtime.format.ModelParser}) that decodes and structurally validates a file into
 * a {@link dev.mnc.runtime.format.ModelFile}. {@code runtime/FORMAT.md} is the specification.
 */
package dev.mnc.runtime.format;
