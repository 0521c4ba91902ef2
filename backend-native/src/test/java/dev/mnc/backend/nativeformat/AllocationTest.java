package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run allocates its output tensors and nothing in proportion to the model: the arena is the session's. */
class AllocationTest {

    @Test
    void aRunAllocatesLittleMoreThanItsOutputs() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread (needs com.sun.management)");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "per-thread allocation counting is not supported here");
        byte[] bytes = NativeCompiler.compile(MobileNetV2Graph.build(64, 2));
        Map<String, Tensor> feeds = Map.of("input", Tensor.ofFloats(new int[] {1, 64, 64, 3}, new float[64 * 64 * 3]));
        try (Model m = Model.load(ByteBuffer.wrap(bytes)); Session s = m.newSession()) {
            for (int i = 0; i < 5; i++) {
                s.run(feeds);
            }
            long id = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(id);
            s.run(feeds);
            long used = mx.getThreadAllocatedBytes(id) - before;
            // Outputs: 1000 floats (4 KB) plus the map and tensor objects.
            assertThat(used).as("bytes allocated by one run").isLessThan(4000 + 2048);
        }
    }
}
