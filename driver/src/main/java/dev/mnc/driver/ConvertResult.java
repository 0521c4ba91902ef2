package dev.mnc.driver;

import dev.mnc.ir.Graph;
import dev.mnc.quantize.QuantizationReport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a conversion produced.
 *
 * @param graph the optimized (and, when asked, quantized) graph that was written
 * @param opCounts ops of the written graph by IR op name
 * @param bytes size of the output file
 * @param quantization what int8 quantization did, when it ran; null otherwise
 */
public record ConvertResult(Path output, ModelFormat format, Graph graph, Map<String, Integer> opCounts, long bytes,
        QuantizationReport quantization) {

    public Optional<QuantizationReport> quantizationReport() {
        return Optional.ofNullable(quantization);
    }
}
