/**
 * TFLite backend: writes an NHWC IR graph as a TFLite flatbuffer (schema version 3) and reads
 * TFLite files back into a description for {@code mnc inspect} and round-trip tests.
 *
 * <p>Public entry points: {@link dev.mnc.backend.tflite.TfliteWriter} (graph to bytes, with
 * {@link dev.mnc.backend.tflite.TfliteOptions}) and {@link dev.mnc.backend.tflite.TfliteReader}
 * (bytes to a {@link dev.mnc.backend.tflite.TfliteModel} of
 * {@link dev.mnc.backend.tflite.TensorInfo}s and {@link dev.mnc.backend.tflite.OperatorInfo}s).
 * {@link dev.mnc.backend.tflite.ClassifierMetadata} is the TFLite Support metadata (normalization,
 * labels) a classifier can carry for TFLite's Task Library, packed with {@code AssociatedFiles}.
 * Everything else is package-private: the {@code *Lowering} classes map IR ops onto TFLite
 * operators (one family each, the math in their Javadoc), {@code ModelBuilder} lays out the
 * flatbuffer with the generated schema classes, {@code FlatReader} reads untrusted files with
 * bounds checks, and {@code OpCosts} defines parameter and MAC counts.
 *
 * <p>Nothing here touches files: callers write the bytes (atomically, in the CLI) and read them.
 */
package dev.mnc.backend.tflite;
