/**
 * Whole jobs, tying the frontend, passes and backends together: {@link dev.mnc.driver.Converter}
 * (ONNX to {@code .mnc}/{@code .tflite}), {@link dev.mnc.driver.Inspector} (layer tables, parameter
 * and MAC counts for any supported format) and {@link dev.mnc.driver.InputLoader} (folders of
 * images or {@code .npy} files as model inputs). The command line and the Maven plugin are thin
 * layers over this package; nothing here prints unless given a stream.
 */
package dev.mnc.driver;
