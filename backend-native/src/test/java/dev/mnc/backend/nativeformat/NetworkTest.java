package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.SessionOptions;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole MobileNetV2-shaped network: against the reference, across thread counts, through the observer. */
class NetworkTest {

    @Test
    void mobileNetV2MatchesTheReference() throws Exception {
        Harness.check(MobileNetV2Graph.build(64, 3), 1);
    }

    @Test
    void twoThreadsAreBitIdenticalToOne() throws Exception {
        Graph g = MobileNetV2Graph.build(96, 5);
        byte[] bytes = NativeCompiler.compile(g);
        float[] in = new float[96 * 96 * 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) Math.sin(i * 0.37);
        }
        Map<String, Tensor> feeds = Map.of("input", Tensor.ofFloats(new int[] {1, 96, 96, 3}, in));
        List<float[]> one = new ArrayList<>();
        List<float[]> two = new ArrayList<>();
        try (Model m = Model.load(ByteBuffer.wrap(bytes));
                Session s1 = m.newSession();
                Session s2 = m.newSession(new SessionOptions(2))) {
            float[] a = s1.run(feeds, (name, v) -> one.add(v.toTensor().floats())).get("logits").floats();
            float[] b = s2.run(feeds, (name, v) -> two.add(v.toTensor().floats())).get("logits").floats();
            assertThat(b).containsExactly(a);
            assertThat(two).hasSameSizeAs(one);
            for (int i = 0; i < one.size(); i++) {
                assertThat(two.get(i)).as("tensor " + i).containsExactly(one.get(i));
            }
            float[] again = s2.run(feeds).get("logits").floats();
            assertThat(again).containsExactly(a);
        }
    }

    @Test
    void sessionsOfOneModelRunConcurrently() throws Exception {
        byte[] bytes = NativeCompiler.compile(MobileNetV2Graph.build(48, 11));
        try (Model m = Model.load(ByteBuffer.wrap(bytes))) {
            float[][] want = new float[4][];
            List<Map<String, Tensor>> feeds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                float[] in = new float[48 * 48 * 3];
                for (int j = 0; j < in.length; j++) {
                    in[j] = (float) Math.cos(j * 0.1 + i);
                }
                feeds.add(Map.of("input", Tensor.ofFloats(new int[] {1, 48, 48, 3}, in)));
                try (Session s = m.newSession()) {
                    want[i] = s.run(feeds.get(i)).get("logits").floats();
                }
            }
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 4; i++) {
                int k = i;
                threads.add(new Thread(() -> {
                    try (Session s = m.newSession(new SessionOptions(1 + k % 2))) {
                        for (int rep = 0; rep < 3; rep++) {
                            assertThat(s.run(feeds.get(k)).get("logits").floats()).containsExactly(want[k]);
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void theObserverSeesEveryComputedTensorInOrder() throws Exception {
        Graph g = MobileNetV2Graph.build(32, 9);
        byte[] bytes = NativeCompiler.compile(g);
        List<String> seen = new ArrayList<>();
        float[][] last = new float[1][];
        try (Model m = Model.load(ByteBuffer.wrap(bytes)); Session s = m.newSession()) {
            Map<String, Tensor> out = s.run(Map.of("input", Tensor.zeros(dev.mnc.runtime.DType.F32,
                    new int[] {1, 32, 32, 3})), (name, v) -> {
                        seen.add(name);
                        last[0] = v.toTensor().floats();
                    });
            assertThat(seen.get(0)).isEqualTo("input");
            assertThat(seen).hasSize(1 + g.numNodes());
            List<String> nodeOutputs = new ArrayList<>();
            g.nodes().forEach(n -> nodeOutputs.add(n.output().name()));
            assertThat(seen.subList(1, seen.size())).containsExactlyElementsOf(nodeOutputs);
            assertThat(last[0]).containsExactly(out.get("logits").floats());
        }
    }
}
