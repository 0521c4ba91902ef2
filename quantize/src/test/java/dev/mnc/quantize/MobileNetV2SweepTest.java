package dev.mnc.quantize;

import dev.mnc.passes.ProgressListener;
import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The method sweep on MobileNetV2, on demand ({@code -Dmnc.quantize.sweep=true}; it takes tens of
 * minutes): calibrated on the first 100 ImageNet images, evaluated on the other 100 in the TFLite
 * interpreter, for each calibration method and for per-channel and per-tensor weights with and
 * without cross-layer equalization and bias correction. Columns: top-1 of the float and int8
 * models, how often they agree, the SQNR of the int8 logits (measured on 16 of the calibration
 * images), and the int8 file's size relative to the float file's. Prints the table and asserts
 * nothing beyond the runs completing: the point is the numbers (the CI test holds the default to
 * its target). {@code -Dmnc.quantize.sweep.configs=a,b} runs only the named rows.
 */
@EnabledIfSystemProperty(named = "mnc.quantize.sweep", matches = "true")
class MobileNetV2SweepTest {

    private record Config(String name, QuantizeOptions options) {}

    private static List<Config> configs() {
        List<Config> c = new ArrayList<>();
        for (CalibrationMethod m : CalibrationMethod.values()) {
            c.add(new Config("per-channel " + m.text(), QuantizeOptions.builder().method(m).build()));
        }
        for (boolean perChannel : new boolean[] {true, false}) {
            for (CalibrationMethod m : new CalibrationMethod[] {CalibrationMethod.MINMAX, CalibrationMethod.MSE}) {
                for (boolean cle : new boolean[] {false, true}) {
                    for (boolean bc : new boolean[] {false, true}) {
                        if (perChannel && !cle && !bc) {
                            continue;
                        }
                        c.add(new Config((perChannel ? "per-channel " : "per-tensor ") + m.text() + (cle ? " +cle" : "")
                                + (bc ? " +bc" : ""), QuantizeOptions.builder().method(m).perChannel(perChannel)
                                .crossLayerEqualization(cle).biasCorrection(bc).build()));
                    }
                }
            }
        }
        return c;
    }

    @Test
    void sweep() {
        Graph g = ImageNetHarness.mobileNetV2();
        List<TensorData> cal = ImageNetHarness.images(0, 100);
        List<TensorData> eval = ImageNetHarness.images(100, 200);
        int[] labels = ImageNetHarness.labels(100, 200);
        byte[] floatModel = TfliteWriter.write(g);
        int[] floatPredictions = ImageNetHarness.predict(floatModel, eval);
        int floatTop1 = ImageNetHarness.correct(floatPredictions, labels);
        String only = System.getProperty("mnc.quantize.sweep.configs", "");
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-28s %7s %7s %7s %9s %7s%n", "config",
                "float", "int8", "agree", "out dB", "size"));
        for (Config c : configs()) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(c.name())) {
                continue;
            }
            QuantizationResult r = Quantizer.quantize(g, ImageNetHarness.calibration(cal),
                    c.options().toBuilder().threads(2).measureSamples(16).build(), ProgressListener.NONE);
            byte[] model = TfliteWriter.write(r.graph());
            int[] p = ImageNetHarness.predict(model, eval);
            double outDb = r.report().tensor("output").orElseThrow().sqnrDb();
            String row = String.format(Locale.ROOT, "%-28s %6d%% %6d%% %6d%% %9.1f %6.1f%%%n", c.name(), floatTop1,
                    ImageNetHarness.correct(p, labels), ImageNetHarness.agreeing(p, floatPredictions), outDb,
                    100.0 * model.length / floatModel.length);
            System.out.print("SWEEP " + row);
            table.append(row);
        }
        System.out.println(table);
    }
}
