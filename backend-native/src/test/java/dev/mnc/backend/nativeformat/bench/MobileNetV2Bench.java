package dev.mnc.backend.nativeformat.bench;

import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Single-image latency of a MobileNetV2-shaped model (224x224, random weights, real shapes) on
 * the runtime, one thread. A main rather than a unit test (timing is no test): run it with
 * {@code mvn -o -q test-compile -pl backend-native -am} and then
 * {@code java -cp <test classpath> dev.mnc.backend.nativeformat.bench.MobileNetV2Bench [iterations] [threads]}.
 * Prints median and p90 milliseconds after a warm-up.
 */
public final class MobileNetV2Bench {
    private MobileNetV2Bench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        byte[] bytes = BenchModels.mobileNetV2(224);
        float[] input = new float[224 * 224 * 3];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.01);
        }
        Map<String, Tensor> feeds = Map.of("input", Tensor.ofFloats(new int[] {1, 224, 224, 3}, input));
        try (Model m = Model.load(ByteBuffer.wrap(bytes));
                Session s = m.newSession(new dev.mnc.runtime.SessionOptions(threads))) {
            for (int i = 0; i < 30; i++) {
                s.run(feeds);
            }
            double[] ms = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                s.run(feeds);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("MobileNetV2 224 f32, %d thread(s): median %.2f ms, p90 %.2f ms, min %.2f ms"
                    + " (arena %.1f MB, %d ops)%n", threads, ms[iterations / 2], ms[(int) (iterations * 0.9)], ms[0],
                    m.arenaBytes() / 1048576.0, m.opCount());
        }
    }
}
