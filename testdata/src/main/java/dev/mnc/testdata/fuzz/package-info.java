/**
 * A fuzz harness for mnc's file readers, used by every module's fuzz test: {@link
 * dev.mnc.testdata.fuzz.Mutator}s damage real files (byte-level ones in {@link
 * dev.mnc.testdata.fuzz.ByteMutators}; structure-aware ones for ONNX protobufs, TFLite flatbuffers and
 * {@code .mnc} files), and a {@link dev.mnc.testdata.fuzz.FuzzCampaign} feeds each damaged file to a
 * reader on a worker thread under a timeout, sorting the outcome into accepted, typed error, crash
 * (any other exception or error) or hang, and prints a {@link dev.mnc.testdata.fuzz.FuzzReport}.
 *
 * <p>Every case is reproducible from the campaign seed and its case number ({@link
 * dev.mnc.testdata.fuzz.FuzzConfig}). Nothing here knows a reader's API; the readers' tests bring
 * their own {@link dev.mnc.testdata.fuzz.FuzzTarget}.
 */
package dev.mnc.testdata.fuzz;
