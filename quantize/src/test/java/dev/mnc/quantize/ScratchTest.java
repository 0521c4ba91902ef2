package dev.mnc.quantize;

import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.backend.tflite.TfliteWriter;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.SharedData;
import dev.mnc.testdata.TfliteOracle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchTest {
    static int argmax(float[] a) { int b = 0; for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i; return b; }

    @Test
    void nativeInt8() throws Exception {
        Graph g = ImageNetHarness.mobileNetV2();
        List<TensorData> cal = ImageNetHarness.images(0, 100);
        List<TensorData> eval = ImageNetHarness.images(100, 200);
        int[] labels = ImageNetHarness.labels(100, 200);
        QuantizationResult r = Quantizer.quantize(g, ImageNetHarness.calibration(cal), QuantizeOptions.builder().threads(2).measureSamples(8).build(), ProgressListener.NONE);
        byte[] tfl = TfliteWriter.write(r.graph());
        byte[] mnc = NativeCompiler.compile(r.graph());
        System.out.println("mnc size " + mnc.length + " tflite " + tfl.length);
        int[] tp = ImageNetHarness.predict(tfl, eval);
        int[] np = new int[eval.size()];
        int maxDiff = 0; long diffs = 0, total = 0;
        try (Model m = Model.load(ByteBuffer.wrap(mnc)); Session s = m.newSession(); TfliteOracle o = TfliteOracle.load(tfl)) {
            for (int i = 0; i < eval.size(); i++) {
                float[] x = eval.get(i).floats();
                float[] no = s.run(Map.of("input", Tensor.ofFloats(new int[] {1, 224, 224, 3}, x))).get("output").floats();
                float[] to = o.run((Object) x).get(0).floats();
                np[i] = ImageNetHarness.argmax(no);
                float sc = r.graph().value("output/int8").orElseThrow().quant().scale();
                for (int k = 0; k < no.length; k++) { int d = Math.round(Math.abs(no[k] - to[k]) / sc); maxDiff = Math.max(maxDiff, d); diffs += d > 0 ? 1 : 0; total++; }
            }
        }
        System.out.println("NATIVE top1 tflite " + ImageNetHarness.correct(tp, labels) + " native " + ImageNetHarness.correct(np, labels) + " agree " + ImageNetHarness.agreeing(tp, np) + " maxdiff LSB " + maxDiff + " differing " + diffs + "/" + total);
    }

    @Test
    void paddle() throws Exception {
        List<TensorData> inputs = PaddleClassifierTest.textLineInputs(dev.mnc.tensorio.ImageDecoder.read(SharedData.file("images/photos/page.png")));
        List<Map<String, TensorData>> calibration = new ArrayList<>();
        List<TensorData> evaluation = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (i % 4 == 0) calibration.add(Map.of("x", inputs.get(i))); else evaluation.add(inputs.get(i));
        }
        Graph g = OnnxImporter.importModel(dev.mnc.testdata.PaddleModels.CLASSIFIER.bytes(), "cls", null,
                ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192));
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        int[] fp = ImageNetHarness.predict(TfliteWriter.write(g), evaluation);
        for (String cfg : System.getProperty("cfgs", "entropy").split(",")) {
            QuantizeOptions.Builder b = QuantizeOptions.builder().method(CalibrationMethod.fromText(cfg.split("[+-]")[0]))
                .biasCorrection(cfg.contains("+bc")).crossLayerEqualization(cfg.contains("+cle")).perChannel(!cfg.contains("-pt")).threads(2);
            QuantizationResult r = Quantizer.quantize(g, CalibrationData.of(calibration), b.build(), ProgressListener.NONE);
            int[] qp = ImageNetHarness.predict(TfliteWriter.write(r.graph()), evaluation);
            System.out.println(r.report().worstLayersTable(12));
            System.out.println("PADDLE " + cfg + " agree " + ImageNetHarness.agreeing(fp, qp) + "/" + evaluation.size() + " out dB " + r.report().tensor("linear_1.tmp_0").map(t -> t.sqnrDb()).orElse(-1.0));
        }
    }

    @Test
    void block() throws Exception {
        Graph g = Blocks.mobileBlock();
        QuantizationResult r = Quantizer.quantize(g, Runs.samples(g, 8, 2, -1, 1), QuantizeOptions.defaults(), ProgressListener.NONE);
        byte[] tflite = TfliteWriter.write(r.graph());
        Graph simulated = Simulation.endToEnd(g, new Int8Lowering.Result(r.graph(), Map.of())).graph();
        try (TfliteOracle o = TfliteOracle.load(tflite)) {
            for (int i = 0; i < 3; i++) {
                float[] x = Runs.uniform(192, 100 + i, -1, 1);
                System.out.println(java.util.Arrays.toString(o.run((Object) x).get(0).floats()));
                System.out.println(java.util.Arrays.toString(Runs.run(simulated, x)));
                System.out.println(java.util.Arrays.toString(Runs.run(g, x)));
            }
        }
    }

    @Test
    void ranges() throws Exception {
        Graph g = ImageNetHarness.mobileNetV2();
        List<TensorData> imgs = ImageNetHarness.images(0, 20);
        CalibrationData cal = ImageNetHarness.calibration(imgs);
        List<dev.mnc.ir.Value> values = new ArrayList<>(g.inputs());
        for (var n : g.nodes()) values.add(n.output());
        Map<String, dev.mnc.quantize.observe.Range> mm, en, ms, pc;
        try (SampleRunner r = new SampleRunner(List.of(g), 2)) {
            mm = new Calibration(values, java.util.Set.of(), List.of()).run(r, QuantizeOptions.defaults(), cal, ProgressListener.NONE).ranges();
            en = new Calibration(values, java.util.Set.of(), List.of()).run(r, QuantizeOptions.builder().method(CalibrationMethod.ENTROPY).build(), cal, ProgressListener.NONE).ranges();
            ms = new Calibration(values, java.util.Set.of(), List.of()).run(r, QuantizeOptions.builder().method(CalibrationMethod.MSE).build(), cal, ProgressListener.NONE).ranges();
            pc = new Calibration(values, java.util.Set.of(), List.of()).run(r, QuantizeOptions.builder().method(CalibrationMethod.PERCENTILE).build(), cal, ProgressListener.NONE).ranges();
        }
        for (String k : mm.keySet()) System.out.printf("%-14s mm[%7.3f %7.3f] en[%7.3f %7.3f] mse[%7.3f %7.3f] pc[%7.3f %7.3f]%n", k, mm.get(k).lo(), mm.get(k).hi(), en.get(k).lo(), en.get(k).hi(), ms.get(k).lo(), ms.get(k).hi(), pc.get(k).lo(), pc.get(k).hi());
    }

    @Test
    void timing() throws Exception {
        Graph g = OnnxImporter.importModel(SharedData.model("mobilenetv2-1.0-224.onnx"), ImportOptions.defaults());
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        var images = SharedData.imagenet200();
        Preprocessor pre = new Preprocessor(Preprocessing.torchvision(), 224, 224, false);
        TensorData x = pre.apply(images.get(0).file());
        CalibrationData cal = CalibrationData.of(List.of(Map.of("input", x)));
        QuantizationResult r = Quantizer.quantize(g, cal, QuantizeOptions.defaults(), ProgressListener.NONE);
        // rebuild sims
        Graph f = g.copy();
        new PrepareForInt8().run(f, PassContext.defaults());
        var plan = new QuantPlan(f, java.util.Set.of(), rangesOf(f));
        var lowered = Int8Lowering.lower(plan, weights(plan), IoType.FLOAT);
        var lw = Simulation.layerwise(f, lowered);
        var e2e = Simulation.endToEnd(f, lowered);
        Tensor t = Tensor.ofFloats(new int[] {1, 224, 224, 3}, x.floats());
        for (Graph gg : List.of(f, lw.graph(), e2e.graph())) {
            Session s = Model.load(ByteBuffer.wrap(NativeCompiler.compile(gg))).newSession();
            for (int k = 0; k < 3; k++) s.run(Map.of("input", t));
            long t0 = System.nanoTime();
            for (int k = 0; k < 5; k++) s.run(Map.of("input", t));
            System.out.println(gg.name() + " " + gg.numNodes() + " nodes " + (System.nanoTime() - t0) / 5e6 + " ms");
        }
    }

    static Map<String, dev.mnc.quantize.observe.Range> rangesOf(Graph f) {
        Map<String, dev.mnc.quantize.observe.Range> m = new java.util.HashMap<>();
        for (var v : f.values()) m.put(v.name(), new dev.mnc.quantize.observe.Range(-3, 6));
        return m;
    }

    static Map<dev.mnc.ir.Node, QuantizedWeights> weights(QuantPlan plan) {
        Map<dev.mnc.ir.Node, QuantizedWeights> w = new java.util.IdentityHashMap<>();
        for (var n : plan.graph().nodes()) if (plan.kind(n) == Int8Ops.Kind.WEIGHTED)
            w.put(n, QuantizedWeights.of(n, plan.params(n.input(0)).scale(), true, null));
        return w;
    }

    @Test
    void mnv2() throws Exception {
        Graph g = OnnxImporter.importModel(SharedData.model("mobilenetv2-1.0-224.onnx"), ImportOptions.defaults());
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        var images = SharedData.imagenet200();
        Preprocessor pre = new Preprocessor(Preprocessing.torchvision(), 224, 224, false);
        int ncal = Integer.getInteger("ncal", 20);
        int neval = Integer.getInteger("neval", 50);
        List<TensorData> data = new ArrayList<>();
        for (int i = 0; i < ncal + neval; i++) data.add(pre.apply(images.get(i < ncal ? i : 100 + i - ncal).file()));
        CalibrationData cal = CalibrationData.lazy(ncal, i -> Map.of("input", data.get(i)));
        QuantizeOptions o = QuantizeOptions.builder()
            .method(CalibrationMethod.fromText(System.getProperty("method", "minmax")))
            .perChannel(!Boolean.getBoolean("pertensor"))
            .crossLayerEqualization(Boolean.getBoolean("cle"))
            .biasCorrection(Boolean.getBoolean("bc"))
            .threads(2).build();
        long t0 = System.nanoTime();
        QuantizationResult r = Quantizer.quantize(g, cal, o, (p, d, t) -> { if (d == t) System.out.println(p + " done " + (System.nanoTime() - t0) / 1e9); });
        Files.writeString(Path.of("/tmp/mnv2-int8.mncir"), IrPrinter.print(r.graph()));
        Files.writeString(Path.of("/tmp/mnv2-report.json"), r.report().toJson());
        System.out.println(r.report().worstLayersTable(10));
        byte[] tfl = TfliteWriter.write(r.graph());
        byte[] tflf = TfliteWriter.write(g);
        System.out.println("sizes " + tfl.length + " / " + tflf.length);
        Model fm = Model.load(ByteBuffer.wrap(NativeCompiler.compile(g)));
        Session fs = fm.newSession();
        int fok = 0, qok = 0, agree = 0;
        try (TfliteOracle oracle = TfliteOracle.load(tfl)) {
            for (int i = 0; i < neval; i++) {
                int label = images.get(100 + i).classIndex();
                TensorData x = data.get(ncal + i);
                float[] fo = fs.run(Map.of("input", Tensor.ofFloats(new int[] {1, 224, 224, 3}, x.floats()))).get("output").floats();
                float[] qo = oracle.run((Object) x.floats()).get(0).floats();
                int fa = argmax(fo), qa = argmax(qo);
                fok += fa == label ? 1 : 0; qok += qa == label ? 1 : 0; agree += fa == qa ? 1 : 0;
            }
        }
        System.out.println("float top1 " + fok + " int8 top1 " + qok + " agree " + agree + " of " + neval);
    }
}
