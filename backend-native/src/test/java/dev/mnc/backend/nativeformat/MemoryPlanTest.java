package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.text.IrParser;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.format.ModelParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored memory plan, checked by brute force from the file alone: for every pair of arena
 * tensors that are live at the same op, their ranges must not overlap, unless one is a reshape or
 * identity placed exactly on its input.
 */
class MemoryPlanTest {

    static void assertNoLiveOverlap(byte[] bytes) throws Exception {
        ModelFile f = ModelParser.parse(ByteBuffer.wrap(bytes), "plan");
        int n = f.tensors().size();
        int[] first = new int[n];
        int[] last = new int[n];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        java.util.Arrays.fill(last, Integer.MIN_VALUE);
        for (int i : f.inputs()) {
            first[i] = -1;
            last[i] = -1;
        }
        List<int[]> aliases = new ArrayList<>();
        for (ModelFile.OpRecord op : f.ops()) {
            for (int t : op.inputs()) {
                if (t >= 0) {
                    last[t] = Math.max(last[t], op.index());
                }
            }
            for (int t : op.outputs()) {
                first[t] = Math.min(first[t], op.index());
                last[t] = Math.max(last[t], op.index());
            }
            if (op.op().text().equals("reshape") || op.op().text().equals("identity")) {
                aliases.add(new int[] {op.inputs()[0], op.outputs()[0]});
            }
        }
        for (int t : f.outputs()) {
            last[t] = f.ops().size();
        }
        int checked = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                ModelFile.TensorRecord x = f.tensors().get(a);
                ModelFile.TensorRecord y = f.tensors().get(b);
                if (x.isConstant() || y.isConstant() || first[a] == Integer.MAX_VALUE || first[b] == Integer.MAX_VALUE
                        || Format.arenaKindOf(x.dtype()) != Format.arenaKindOf(y.dtype())) {
                    continue;
                }
                boolean live = first[a] <= last[b] && first[b] <= last[a];
                boolean overlap = x.offset() < y.offset() + y.count() && y.offset() < x.offset() + x.count();
                if (live && overlap) {
                    boolean alias = false;
                    for (int[] al : aliases) {
                        alias |= (al[0] == a && al[1] == b || al[0] == b && al[1] == a) && x.offset() == y.offset();
                    }
                    assertThat(alias).as("'" + x.name() + "' and '" + y.name() + "' are live together and overlap")
                            .isTrue();
                }
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void everyOpTestGraphHasADisjointPlan() throws Exception {
        for (var c : NativeOpsTest.cases().toList()) {
            assertNoLiveOverlap(NativeCompiler.compile(IrParser.parse((String) c.get()[1])));
        }
    }

    @Test
    void mobileNetV2PlanIsAFewMegabytes() throws Exception {
        Graph g = MobileNetV2Graph.build(224, 1);
        byte[] bytes = NativeCompiler.compile(g);
        assertNoLiveOverlap(bytes);
        ModelFile f = ModelParser.parse(ByteBuffer.wrap(bytes), "mnv2");
        long sum = 0;
        for (var t : f.tensors()) {
            if (!t.isConstant()) {
                sum += (long) t.count() * 4;
            }
        }
        long arena = f.arenaSizes()[Format.ARENA_F32] * 4;
        System.out.printf("MobileNetV2 224 memory plan: arena %.2f MB vs %.2f MB for all %d activations%n",
                arena / 1048576.0, sum / 1048576.0, f.tensors().stream().filter(t -> !t.isConstant()).count());
        assertThat(arena).isLessThan(8L << 20).isLessThan(sum / 4);
    }

    @Test
    void reshapeAndIdentityShareTheirInputsStorage() throws Exception {
        byte[] bytes = NativeCompiler.compile(IrParser.parse("""
                graph @g(%x: f32[2,8]) {
                  %a = relu(%x)
                  %r = reshape(%a) {shape=[4,4]}
                  %i = identity(%r)
                  %b = relu(%i)
                  return %b, %r
                }
                """));
        ModelFile f = ModelParser.parse(ByteBuffer.wrap(bytes), "alias");
        var byName = new java.util.HashMap<String, ModelFile.TensorRecord>();
        f.tensors().forEach(t -> byName.put(t.name(), t));
        assertThat(byName.get("r").offset()).isEqualTo(byName.get("a").offset());
        assertThat(byName.get("i").offset()).isEqualTo(byName.get("a").offset());
        assertThat(byName.get("b").offset()).isNotEqualTo(byName.get("a").offset());
        assertNoLiveOverlap(bytes);
        Harness.check(IrParser.parse("""
                graph @g(%x: f32[2,8]) {
                  %a = relu(%x)
                  %r = reshape(%a) {shape=[4,4]}
                  %i = identity(%r)
                  %b = relu(%i)
                  return %b, %r
                }
                """), 1);
    }
}
