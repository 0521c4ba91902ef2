package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.SessionOptions;
import dev.mnc.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole int8 MobileNetV2-shaped network: against TFLite, across thread counts, and compiled twice. */
class Int8NetworkTest {

    @Test
    void mobileNetV2Int8IsWithinOneLsbOfTfliteEverywhere() throws Exception {
        Graph g = MobileNetV2Int8Graph.build(224, 21);
        List<TfliteComparison.Diff> diffs = TfliteComparison.assertWithin("MobileNetV2 int8 224", g, 3, 1);
        assertThat(diffs).hasSize(1);
    }

    @Test
    void intermediateTensorsAgreeWithTfliteToo() throws Exception {
        // Every layer's output is a graph output here, so a 1 LSB slip anywhere would show where.
        Graph g = MobileNetV2Int8Graph.build(64, 5);
        List<dev.mnc.ir.Value> outs = new ArrayList<>();
        for (var n : g.nodes()) {
            outs.add(n.output());
        }
        g.setOutputs(outs);
        List<TfliteComparison.Diff> diffs = TfliteComparison.assertWithin("MobileNetV2 int8 64, every layer", g, 9, 1);
        assertThat(diffs).hasSize(outs.size());
    }

    @Test
    void twoThreadsAreBitIdenticalToOne() throws Exception {
        Graph g = MobileNetV2Int8Graph.build(96, 8);
        byte[] bytes = NativeCompiler.compile(g);
        byte[] in = (byte[]) TfliteComparison.inputs(g, 4).get(0);
        Map<String, Tensor> feeds = Map.of("input", Tensor.ofBytes(DType.I8, new int[] {1, 96, 96, 3}, in));
        List<byte[]> one = new ArrayList<>();
        List<byte[]> two = new ArrayList<>();
        try (Model m = Model.load(ByteBuffer.wrap(bytes));
                Session s1 = m.newSession();
                Session s2 = m.newSession(new SessionOptions(2))) {
            byte[] a = s1.run(feeds, (name, v) -> one.add(v.toTensor().bytes())).get("logits").bytes();
            byte[] b = s2.run(feeds, (name, v) -> two.add(v.toTensor().bytes())).get("logits").bytes();
            assertThat(b).containsExactly(a);
            assertThat(two).hasSameSizeAs(one);
            for (int i = 0; i < one.size(); i++) {
                assertThat(two.get(i)).as("tensor " + i).containsExactly(one.get(i));
            }
        }
    }

    @Test
    void compilingTwiceGivesTheSameBytes() {
        byte[] a = NativeCompiler.compile(MobileNetV2Int8Graph.build(32, 2));
        byte[] b = NativeCompiler.compile(MobileNetV2Int8Graph.build(32, 2));
        assertThat(Arrays.equals(a, b)).isTrue();
    }
}
