package dev.mnc.backend.nativeformat.bench;

import dev.mnc.backend.nativeformat.TestModels;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.SessionOptions;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Single-image latency of a MobileNetV2-shaped model (224x224, random weights, real shapes; see
 * {@code MobileNetV2Graph}) on the runtime, in float32 and in int8 (the same network quantized, see
 * {@code MobileNetV2Int8Graph}), measured in the same run so that they can be compared. A JMH
 * benchmark, not a test. Run after {@code mvn -o -q test-compile -pl backend-native -am} with the
 * test class path:
 * {@code java -cp <classpath> dev.mnc.backend.nativeformat.bench.MobileNetV2Bench [threads]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class MobileNetV2Bench {
    @Param({"1"})
    public int threads;

    /** f32 or i8. */
    @Param({"f32", "i8"})
    public String precision;

    private Model model;
    private Session session;
    private Map<String, Tensor> feeds;

    @Setup
    public void setUp() throws Exception {
        boolean int8 = precision.equals("i8");
        model = Model.load(ByteBuffer.wrap(int8 ? TestModels.mobileNetV2Int8(224) : TestModels.mobileNetV2(224)));
        session = model.newSession(new SessionOptions(threads));
        int[] shape = {1, 224, 224, 3};
        float[] input = new float[224 * 224 * 3];
        byte[] quantized = new byte[input.length];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.01);
            quantized[i] = (byte) Math.round(input[i] * 127);
        }
        feeds = Map.of("input", int8 ? Tensor.ofBytes(DType.I8, shape, quantized) : Tensor.ofFloats(shape, input));
    }

    @TearDown
    public void tearDown() {
        session.close();
        model.close();
    }

    @Benchmark
    public Map<String, Tensor> inference() {
        return session.run(feeds);
    }

    public static void main(String[] args) throws Exception {
        OptionsBuilder o = new OptionsBuilder();
        o.include(MobileNetV2Bench.class.getSimpleName());
        if (args.length > 0) {
            o.param("threads", args[0]);
        }
        if (args.length > 1) {
            o.param("precision", args[1]);
        }
        new Runner(o.build()).run();
    }
}
