package dev.mnc.backend.tflite;

import java.util.Map;

/**
 * A signature of a TFLite file: its key and the names it gives to tensors.
 *
 * @param key e.g. {@code serving_default}
 * @param subgraph the subgraph it runs
 * @param inputs input name to tensor index, in the file's order
 * @param outputs output name to tensor index, in the file's order
 */
public record SignatureInfo(String key, int subgraph, Map<String, Integer> inputs, Map<String, Integer> outputs) {}
