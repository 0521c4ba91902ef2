package dev.mnc.backend.nativeformat.bench;

import dev.mnc.backend.nativeformat.TestModels;
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
 * {@code MobileNetV2Graph}) on the runtime. A JMH benchmark, not a test. Run after
 * {@code mvn -o -q test-compile -pl backend-native -am} with the test class path:
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

    private Model model;
    private Session session;
    private Map<String, Tensor> feeds;

    @Setup
    public void setUp() throws Exception {
        model = Model.load(ByteBuffer.wrap(TestModels.mobileNetV2(224)));
        session = model.newSession(new SessionOptions(threads));
        float[] input = new float[224 * 224 * 3];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.01);
        }
        feeds = Map.of("input", Tensor.ofFloats(new int[] {1, 224, 224, 3}, input));
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
            o.param("threads", args);
        }
        new Runner(o.build()).run();
    }
}
