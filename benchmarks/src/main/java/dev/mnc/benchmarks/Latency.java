package dev.mnc.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mnc.driver.ConvertRequest;
import dev.mnc.driver.Converter;
import dev.mnc.driver.PassSetup;
import dev.mnc.driver.QuantizeSettings;
import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.quantize.QuantizeOptions;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.tensorio.Npy;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-image latency, one thread each: mnc's runtime on the {@code .mnc} converted from a model,
 * in float and in int8, versus ONNX Runtime (all graph optimizations, one intra-op thread) on the
 * original float ONNX, on the same seeded random input. The int8 model is calibrated on eight
 * seeded random inputs written as {@code .npy}: latency does not depend on the ranges chosen, and
 * the benchmark then needs no image set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class Latency {
    @Param({"mobilenetv2", "ppocr-cls"})
    public String model;

    private Path work;
    private Model mnc;
    private Session session;
    private Map<String, Tensor> mncInput;
    private Model mncInt8;
    private Session int8Session;
    private OrtEnvironment env;
    private OrtSession ort;
    private Map<String, OnnxTensor> ortInput;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = Files.createTempDirectory("mnc-bench");
        Models.Spec spec = Models.byName(model, work);
        Path out = work.resolve("m.mnc");
        String bind = spec.inputName() + ":" + String.join(",", Arrays.stream(spec.shape()).mapToObj(Long::toString)
                .toArray(String[]::new));
        Converter converter = new Converter(new PassSetup(Latency.class.getClassLoader()),
                new PrintStream(PrintStream.nullOutputStream()));
        ImportOptions shape = ImportOptions.defaults().withInputShape(bind);
        converter.convert(ConvertRequest.of(spec.onnx(), out).withImportOptions(shape));
        Random r = new Random(42);
        Path calibration = Files.createDirectories(work.resolve("calibration"));
        for (int i = 0; i < 8; i++) {
            Npy.write(calibration.resolve(i + ".npy"), spec.shape(), gaussian(spec.shape(), r));
        }
        Path outInt8 = work.resolve("m-int8.mnc");
        converter.convert(ConvertRequest.of(spec.onnx(), outInt8).withImportOptions(shape)
                .withQuantize(new QuantizeSettings(calibration, null, QuantizeOptions.builder().measureSamples(1).build())));
        float[] x = gaussian(spec.shape(), r);
        int[] dims = Arrays.stream(spec.shape()).mapToInt(l -> (int) l).toArray();
        mnc = Model.load(out);
        session = mnc.newSession();
        mncInput = Map.of(mnc.inputs().get(0).name(), Tensor.ofFloats(dims, x));
        mncInt8 = Model.load(outInt8);
        int8Session = mncInt8.newSession();
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(1);
        so.setInterOpNumThreads(1);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        ort = env.createSession(spec.onnx().toString(), so);
        ortInput = Map.of(spec.inputName(), OnnxTensor.createTensor(env, FloatBuffer.wrap(x), spec.shape()));
    }

    private static float[] gaussian(long[] shape, Random r) {
        float[] x = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        session.close();
        mnc.close();
        int8Session.close();
        mncInt8.close();
        ort.close();
        for (OnnxTensor t : ortInput.values()) {
            t.close();
        }
        // The models and calibration inputs (17 MB for MobileNetV2) must not pile up in /tmp run after run.
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Benchmark
    public Object mncFloat() {
        return session.run(mncInput);
    }

    /** The int8 model keeps float I/O: the input is quantized and the output dequantized inside. */
    @Benchmark
    public Object mncInt8() {
        return int8Session.run(mncInput);
    }

    @Benchmark
    public Object onnxRuntimeFloat() throws Exception {
        try (OrtSession.Result r = ort.run(ortInput)) {
            return r.get(0).getValue();
        }
    }
}
