package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizationReportTest {

    @SuppressWarnings("unchecked")
    @Test
    void reportNamesEveryQuantizedTensorWithItsParametersAndErrors() {
        Graph g = Blocks.mobileBlock();
        QuantizationResult r = Quantizer.quantize(g, Runs.samples(g, 4, 1, -1, 1), QuantizeOptions.builder()
                .method(CalibrationMethod.PERCENTILE).percentile(99.9).build(), ProgressListener.NONE);
        Map<String, Object> json = r.report().toMap();
        assertThat(json).containsEntry("model", "block").containsEntry("calibration_samples", 4)
                .containsEntry("measured_samples", 4);
        Map<String, Object> options = (Map<String, Object>) json.get("options");
        assertThat(options).containsEntry("method", "percentile").containsEntry("percentile", 99.9)
                .containsEntry("per_channel", true).containsEntry("io_type", "float");
        List<Map<String, Object>> tensors = (List<Map<String, Object>>) json.get("tensors");
        Map<String, Object> c1 = find(tensors, "c1");
        assertThat(c1).containsEntry("kind", "activation").containsEntry("op", "conv2d").containsEntry("dtype", "i8")
                .containsEntry("origin", List.of()).containsKeys("scale", "zero_point", "sqnr_db", "layer_sqnr_db");
        assertThat((Float) c1.get("scale")).isEqualTo(r.graph().value("c1").orElseThrow().quant().scale());
        Map<String, Object> input = find(tensors, "x");
        assertThat(input).containsEntry("int8_tensor", "x/int8").containsEntry("op", "quantize");
        Map<String, Object> w1 = find(tensors, "w1");
        assertThat(w1).containsEntry("kind", "weight").containsEntry("axis", 0);
        assertThat((List<Object>) w1.get("scales")).hasSize(8);
        assertThat((List<Object>) w1.get("zero_points")).containsOnly(0);
        assertThat(find(tensors, "b1")).containsEntry("kind", "bias").containsEntry("dtype", "i32");
        assertThat(find(tensors, "fw")).containsEntry("kind", "weight").containsEntry("zero_point", 0);
        for (Map<String, Object> t : tensors) {
            if (t.get("kind").equals("activation")) {
                assertThat((Double) t.get("sqnr_db")).as("%s", t.get("name")).isBetween(15.0, 80.0);
            }
        }
    }

    private static Map<String, Object> find(List<Map<String, Object>> tensors, String name) {
        return tensors.stream().filter(t -> t.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void worstLayersComeFirstInTheTable() {
        Graph g = Blocks.squeezeExcite();
        QuantizationReport report = Quantizer.quantize(g, Runs.samples(g, 4, 2, -2, 2), QuantizeOptions.defaults(),
                ProgressListener.NONE).report();
        List<QuantizationReport.TensorReport> worst = report.worstLayers(4);
        assertThat(worst).hasSize(4);
        for (int i = 1; i < worst.size(); i++) {
            assertThat(worst.get(i).layerSqnrDb()).isGreaterThanOrEqualTo(worst.get(i - 1).layerSqnrDb());
        }
        String[] lines = report.worstLayersTable(4).split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("tensor").contains("layer dB", "model dB");
        assertThat(lines[1]).startsWith(worst.get(0).name());
    }

    @Test
    void fallbackKeepsTheWorstLayersInFloatAndSaysSo() {
        Graph g = Blocks.squeezeExcite();
        CalibrationData data = Runs.samples(g, 4, 3, -2, 2);
        QuantizationReport plain = Quantizer.quantize(g, data, QuantizeOptions.defaults(), ProgressListener.NONE)
                .report();
        List<String> worst = plain.worstLayers(2).stream().map(QuantizationReport.TensorReport::name).toList();
        QuantizationResult r = Quantizer.quantize(g, data, QuantizeOptions.builder().fallback(Fallback.worst(2)).build(),
                ProgressListener.NONE);
        assertThat(r.report().floatNodes()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(f -> assertThat(f.reason())
                .startsWith("kept in float by the fallback"));
        for (String name : worst) {
            Node n = r.graph().value(name).orElseThrow().producer();
            assertThat(n.output().dtype()).as(name).isEqualTo(DType.F32);
            // Still reported if int8 ops read it: then as the quantize that converts it back.
            r.report().tensor(name).ifPresent(t -> assertThat(t.op()).isEqualTo("quantize"));
        }
        // A threshold above every layer's SQNR keeps every layer in float.
        QuantizationResult all = Quantizer.quantize(g, data, QuantizeOptions.builder().fallback(Fallback.belowSqnr(200))
                .build(), ProgressListener.NONE);
        assertThat(all.graph().nodes()).noneMatch(n -> n.op().name().equals("conv2d")
                && n.output().dtype() == DType.I8);
    }
}
