package dev.mnc.driver;

import dev.mnc.ir.Graph;
import dev.mnc.prune.PruneReport;
import dev.mnc.quantize.QuantizationReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a conversion produced.
 *
 * @param unpruned the imported float graph before pruning, when pruning ran (for comparisons such
 *     as latency before and after); null otherwise
 * @param pruned the float graph as pruning left it (NCHW, not yet optimized), when pruning ran;
 *     null otherwise
 * @param graph the graph that was written (optimized, pruned and quantized as asked)
 * @param opCounts ops of the written graph by IR op name
 * @param bytes size of the output file
 * @param pruning what channel pruning did, when it ran; null otherwise
 * @param quantization what int8 quantization did, when it ran; null otherwise
 */
public record ConvertResult(Path output, ModelFormat format, Graph unpruned, Graph pruned, Graph graph,
        Map<String, Integer> opCounts, long bytes, PruneReport pruning, QuantizationReport quantization) {

    public Optional<PruneReport> pruneReport() {
        return Optional.ofNullable(pruning);
    }

    public Optional<QuantizationReport> quantizationReport() {
        return Optional.ofNullable(quantization);
    }

    /** The JSON report's content: {@code {"prune": ..., "quantization": ...}} for the steps that ran. */
    public Map<String, Object> reportMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", output.getFileName().toString());
        if (pruning != null) {
            m.put("prune", pruning.toMap());
        }
        if (quantization != null) {
            m.put("quantization", quantization.toMap());
        }
        return m;
    }
}
