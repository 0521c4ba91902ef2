package dev.mnc.driver;

import dev.mnc.ir.Graph;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a conversion produced.
 *
 * @param graph the optimized graph that was written
 * @param opCounts ops of the written graph by IR op name
 * @param bytes size of the output file
 */
public record ConvertResult(Path output, ModelFormat format, Graph graph, Map<String, Integer> opCounts, long bytes) {}
