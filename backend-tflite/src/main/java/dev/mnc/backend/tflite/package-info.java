/**
 * TFLite backend: writes an NHWC IR graph as a TFLite flatbuffer (schema version 3) and reads
 * TFLite files back into a description for {@code mnc inspect} and round-trip tests.
 */
package dev.mnc.backend.tflite;
