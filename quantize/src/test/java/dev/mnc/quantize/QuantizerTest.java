package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Rounding;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.quantize.observe.Range;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.testdata.TfliteOracle;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    @Test
    void minMaxParametersAreThoseOfTheObservedExtremes() throws Exception {
        Graph g = Blocks.mobileBlock();
        CalibrationData data = Runs.samples(g, 6, 1, -1, 1);
        QuantizationResult r = Quantizer.quantize(g, data, QuantizeOptions.builder().method(CalibrationMethod.MINMAX)
                .build(), ProgressListener.NONE);
        // The reference: run the float model and track every tensor's extremes with a plain loop.
        Map<String, float[]> extremes = new HashMap<>();
        try (Model m = Model.load(ByteBuffer.wrap(NativeCompiler.compile(g))); Session s = m.newSession()) {
            for (int i = 0; i < data.size(); i++) {
                TensorData x = data.sample(i).get("x");
                s.run(Map.of("x", Tensor.ofFloats(x.shape().toIntArray(), x.floats())), (name, view) -> {
                    float[] e = extremes.computeIfAbsent(name, k -> new float[] {Float.MAX_VALUE, -Float.MAX_VALUE});
                    for (int k = 0; k < view.size(); k++) {
                        e[0] = Math.min(e[0], (float) view.get(k));
                        e[1] = Math.max(e[1], (float) view.get(k));
                    }
                });
            }
        }
        for (String name : List.of("c1", "d", "p", "r", "h", "m")) {
            float[] e = extremes.get(name);
            assertThat(r.report().tensor(name).orElseThrow().params()).as(name)
                    .isEqualTo(AffineQuantization.activation(new Range(e[0], e[1])));
        }
        // The reshape keeps the mean's parameters.
        assertThat(r.graph().value("f").orElseThrow().quant()).isEqualTo(r.graph().value("m").orElseThrow().quant());
    }

    @Test
    void int8ModelInTfliteMatchesItsSimulationAndTracksTheFloatModel() {
        Graph g = Blocks.mobileBlock();
        CalibrationData data = Runs.samples(g, 10, 2, -1, 1);
        QuantizationResult r = Quantizer.quantize(g, data, QuantizeOptions.defaults(), ProgressListener.NONE);
        byte[] tflite = TfliteWriter.write(r.graph());
        Graph simulated = Simulation.endToEnd(g, new Int8Lowering.Result(r.graph(), Map.of())).graph();
        QuantParams out = r.graph().value("logits/int8").orElseThrow().quant();
        double worstSim = 0;
        double signal = 0;
        double noise = 0;
        try (TfliteOracle o = TfliteOracle.load(tflite)) {
            for (int i = 0; i < data.size(); i++) {
                float[] x = data.sample(i).get("x").floats();
                float[] int8 = o.run((Object) x).get(0).floats();
                float[] sim = Runs.run(simulated, x);
                float[] ref = Runs.run(g, x);
                worstSim = Math.max(worstSim, Runs.maxDiff(int8, sim));
                for (int k = 0; k < ref.length; k++) {
                    signal += ref[k] * ref[k];
                    noise += (ref[k] - int8[k]) * (ref[k] - int8[k]);
                }
            }
        }
        // TFLite requantizes in fixed point: its logits stay within a few steps of the simulation's.
        assertThat(worstSim).isLessThanOrEqualTo(3 * out.scale());
        // On the data it was calibrated on, the int8 model is as close as the report says (about 38 dB).
        double db = 10 * Math.log10(signal / noise);
        assertThat(db).isGreaterThan(30).isCloseTo(r.report().tensor("logits").orElseThrow().sqnrDb(),
                org.assertj.core.api.Assertions.within(3.0));
    }

    @Test
    void floatInt8AndUint8ModelIoComputeTheSameInTflite() {
        Graph g = Blocks.squeezeExcite();
        CalibrationData data = Runs.samples(g, 6, 9, -2, 2);
        byte[][] models = new byte[3][];
        IoType[] types = IoType.values();
        for (int t = 0; t < types.length; t++) {
            QuantizationResult r = Quantizer.quantize(g, data, QuantizeOptions.builder().ioType(types[t]).build(),
                    ProgressListener.NONE);
            models[t] = TfliteWriter.write(r.graph());
        }
        try (TfliteOracle f = TfliteOracle.load(models[0]); TfliteOracle i8 = TfliteOracle.load(models[1]);
                TfliteOracle u8 = TfliteOracle.load(models[2])) {
            assertThat(i8.inputs().get(0).type()).isEqualTo(TfliteOracle.Type.INT8);
            assertThat(u8.inputs().get(0).type()).isEqualTo(TfliteOracle.Type.UINT8);
            assertThat(u8.outputs().get(0).type()).isEqualTo(TfliteOracle.Type.UINT8);
            TfliteOracle.Quant in = i8.inputs().get(0).quant();
            assertThat(u8.inputs().get(0).quant().zeroPoint()).isEqualTo(in.zeroPoint() + 128);
            for (int i = 0; i < 4; i++) {
                float[] x = Runs.uniform(144, 50 + i, -2, 2);
                byte[] q8 = new byte[x.length];
                byte[] qu = new byte[x.length];
                for (int k = 0; k < x.length; k++) {
                    long v = Math.max(-128, Math.min(127, (long) Rounding.halfAwayFromZero(x[k] / in.scale())
                            + in.zeroPoint()));
                    q8[k] = (byte) v;
                    qu[k] = (byte) (v + 128);
                }
                TfliteOracle.Tensor a = f.run((Object) x).get(0);
                TfliteOracle.Tensor b = i8.run((Object) q8).get(0);
                TfliteOracle.Tensor c = u8.run((Object) qu).get(0);
                // The same int8 computation inside; uint8 is int8 + 128, float is its dequantization.
                int[] bi = b.ints();
                int[] ci = c.ints();
                float[] bf = b.dequantized();
                for (int k = 0; k < bi.length; k++) {
                    assertThat(ci[k]).isEqualTo(bi[k] + 128);
                }
                assertThat(a.floats()).containsExactly(bf);
            }
        }
    }

    @Test
    void perChannelDenseWeightsRunInBothBackends() throws Exception {
        Graph g = Blocks.mobileBlock();
        CalibrationData data = Runs.samples(g, 6, 10, -1, 1);
        QuantizationResult r = Quantizer.quantize(g, data, QuantizeOptions.builder().perChannelFullyConnected(true)
                .ioType(IoType.INT8).build(), ProgressListener.NONE);
        QuantParams fw = r.graph().value("fw").orElseThrow().quant();
        assertThat(fw.axis()).isEqualTo(0);
        assertThat(fw.scales()).hasSize(4);
        TfliteOracle.Quant in;
        byte[] tflite = TfliteWriter.write(r.graph());
        try (TfliteOracle o = TfliteOracle.load(tflite); Model m = Model.load(ByteBuffer.wrap(NativeCompiler.compile(
                r.graph()))); Session s = m.newSession()) {
            in = o.inputs().get(0).quant();
            for (int i = 0; i < data.size(); i++) {
                float[] x = data.sample(i).get("x").floats();
                byte[] q = new byte[x.length];
                for (int k = 0; k < x.length; k++) {
                    q[k] = (byte) Math.max(-128, Math.min(127, (long) Rounding.halfAwayFromZero(x[k] / in.scale())
                            + in.zeroPoint()));
                }
                int[] want = o.run((Object) q).get(0).ints();
                byte[] got = s.run(Map.of("x", Tensor.ofBytes(dev.mnc.runtime.DType.I8, new int[] {1, 8, 8, 3}, q)))
                        .get("logits").bytes();
                for (int k = 0; k < want.length; k++) {
                    assertThat(Math.abs(got[k] - want[k])).as("sample %d logit %d", i, k).isLessThanOrEqualTo(1);
                }
            }
        }
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() {
        Graph g = Blocks.squeezeExcite();
        CalibrationData data = Runs.samples(g, 9, 3, -2, 2);
        for (CalibrationMethod m : CalibrationMethod.values()) {
            QuantizeOptions.Builder b = QuantizeOptions.builder().method(m).biasCorrection(true)
                    .crossLayerEqualization(true).fallback(Fallback.worst(1));
            QuantizationResult one = Quantizer.quantize(g, data, b.threads(1).build(), ProgressListener.NONE);
            QuantizationResult two = Quantizer.quantize(g, data, b.threads(2).build(), ProgressListener.NONE);
            QuantizationResult three = Quantizer.quantize(g, data, b.threads(3).build(), ProgressListener.NONE);
            assertThat(IrPrinter.full(two.graph())).as(m.text()).isEqualTo(IrPrinter.full(one.graph()))
                    .isEqualTo(IrPrinter.full(three.graph()));
            assertThat(TfliteWriter.write(two.graph())).as(m.text()).isEqualTo(TfliteWriter.write(one.graph()));
            assertThat(NativeCompiler.compile(two.graph())).as(m.text()).isEqualTo(NativeCompiler.compile(one.graph()));
            assertThat(two.report().toMap()).as(m.text()).isEqualTo(one.report().toMap());
        }
    }

    @Test
    void observerStateDoesNotGrowWithTheCalibrationSet() {
        Graph g = Blocks.mobileBlock();
        for (CalibrationMethod m : CalibrationMethod.values()) {
            QuantizeOptions o = QuantizeOptions.builder().method(m).biasCorrection(true).build();
            long small = calibrate(g, Runs.samples(g, 3, 4, -1, 1), o).stateSize();
            long large = calibrate(g, Runs.samples(g, 12, 5, -1, 1), o).stateSize();
            assertThat(large).as(m.text()).isEqualTo(small);
        }
    }

    private static Calibration.Result calibrate(Graph g, CalibrationData data, QuantizeOptions o) {
        List<dev.mnc.ir.Value> values = new java.util.ArrayList<>(g.inputs());
        List<dev.mnc.ir.Node> layers = new java.util.ArrayList<>();
        for (dev.mnc.ir.Node n : g.nodes()) {
            values.add(n.output());
            if (Int8Ops.kind(n) == Int8Ops.Kind.WEIGHTED) {
                layers.add(n);
            }
        }
        try (SampleRunner r = new SampleRunner(List.of(g), 2)) {
            return new Calibration(values, java.util.Set.of(), layers).run(r, o, data, ProgressListener.NONE);
        }
    }

    @Test
    void progressIsReportedPerSampleInOrder() {
        Graph g = Blocks.mobileBlock();
        StringBuilder seen = new StringBuilder();
        Quantizer.quantize(g, Runs.samples(g, 3, 6, -1, 1), QuantizeOptions.builder().method(CalibrationMethod.MSE)
                .threads(2).build(), (phase, done, total) -> seen.append(phase).append(' ').append(done).append('/')
                .append(total).append(';'));
        assertThat(seen.toString()).isEqualTo("calibrate 1/3;calibrate 2/3;calibrate 3/3;histogram 1/3;histogram 2/3;"
                + "histogram 3/3;measure 1/3;measure 2/3;measure 3/3;");
    }

    @Test
    void calibrationLimitTakesASeededSubset() {
        Graph g = Blocks.mobileBlock();
        CalibrationData data = Runs.samples(g, 10, 7, -1, 1);
        QuantizeOptions o = QuantizeOptions.builder().calibrationLimit(4).seed(9).build();
        QuantizationResult a = Quantizer.quantize(g, data, o, ProgressListener.NONE);
        QuantizationResult b = Quantizer.quantize(g, data, o, ProgressListener.NONE);
        assertThat(a.report().samples()).isEqualTo(4);
        assertThat(IrPrinter.full(a.graph())).isEqualTo(IrPrinter.full(b.graph()));
    }

    @Test
    void emptyCalibrationSetIsAnError() {
        assertThatThrownBy(() -> Quantizer.quantize(Blocks.mobileBlock(), CalibrationData.of(List.of()),
                QuantizeOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(MncException.class).hasMessageStartingWith("calibration set is empty: ");
    }

    @Test
    void samplesThatDoNotFitTheGraphAreErrorsNamingTheSampleAndInput() {
        Graph g = Blocks.mobileBlock();
        TensorData good = TensorData.ofFloats(Shape.of(1, 8, 8, 3), new float[192]);
        TensorData nchw = TensorData.ofFloats(Shape.of(1, 3, 8, 8), new float[192]);
        assertThatThrownBy(() -> Quantizer.quantize(g, CalibrationData.of(List.of(Map.of("x", good), Map.of("x", nchw))),
                QuantizeOptions.defaults(), ProgressListener.NONE)).isInstanceOf(MncException.class)
                .hasMessageContaining("calibration sample 1: input 'x' is f32[1,3,8,8] but the graph takes f32[1,8,8,3]");
        assertThatThrownBy(() -> Quantizer.quantize(g, CalibrationData.of(List.of(Map.of("input", good))),
                QuantizeOptions.defaults(), ProgressListener.NONE)).isInstanceOf(MncException.class)
                .hasMessageContaining("calibration sample 0 has no tensor for graph input 'x'");
        assertThatThrownBy(() -> Quantizer.quantize(g, CalibrationData.of(List.of(Map.of("x", good, "y", good))),
                QuantizeOptions.defaults(), ProgressListener.NONE)).isInstanceOf(MncException.class)
                .hasMessageContaining("has a tensor 'y' that is not a graph input");
    }

    @Test
    void nonFiniteActivationsAreAnErrorNamingTheTensor() {
        Graph g = Blocks.mobileBlock();
        float[] x = new float[192];
        x[5] = Float.NaN;
        assertThatThrownBy(() -> Quantizer.quantize(g, CalibrationData.of(List.of(Map.of("x",
                TensorData.ofFloats(Shape.of(1, 8, 8, 3), x)))), QuantizeOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(MncException.class)
                .hasMessageContaining("graph input 'x' took 1 NaN or infinite values on the calibration data");
    }

    @Test
    void floatGraphIsLeftUnchanged() {
        Graph g = Blocks.squeezeExcite();
        String before = IrPrinter.full(g);
        Quantizer.quantize(g, Runs.samples(g, 2, 8, -1, 1), QuantizeOptions.builder().crossLayerEqualization(true)
                .biasCorrection(true).build(), ProgressListener.NONE);
        assertThat(IrPrinter.full(g)).isEqualTo(before);
    }
}
