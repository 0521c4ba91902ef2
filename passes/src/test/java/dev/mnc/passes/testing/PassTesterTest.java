package dev.mnc.passes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Relu;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassInfo;
import dev.mnc.passes.PassRegistry;
import dev.mnc.passes.PassResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness must fail when a pass is wrong, and say where. */
class PassTesterTest {

    /** Doubles every constant: the structure stays, the numbers change. */
    private static final class ScaleConstants implements Pass {
        @Override
        public PassInfo info() {
            return new PassInfo("scale-constants", "a wrong pass", List.of(), false);
        }

        @Override
        public PassResult run(Graph g, PassContext c) {
            for (Value v : g.values()) {
                if (v.isConstant()) {
                    float[] f = v.data().toFloats();
                    for (int i = 0; i < f.length; i++) {
                        f[i] *= 2;
                    }
                    g.setConstantData(v, TensorData.ofFloats(v.shape(), f));
                }
            }
            return PassResult.builder("scale-constants").changed().build();
        }
    }

    /** Claims to be idempotent but adds a relu at every run. */
    private static final class GrowsForever implements Pass {
        @Override
        public PassInfo info() {
            return PassInfo.of("grows-forever", "not really idempotent");
        }

        @Override
        public PassResult run(Graph g, PassContext c) {
            Value out = g.outputs().get(0);
            g.setOutputs(List.of(g.add(new Relu(), out)));
            return PassResult.builder("grows-forever").changed().build();
        }
    }

    private static final PassTester TESTER = new PassTester(PassRegistry.builder().addBuiltins()
            .add(new ScaleConstants(), "test").add(new GrowsForever(), "test").build(), new ReferenceEvaluator());

    private static final String INPUT = """
            graph @g(%x: f32[2]) {
              %y = add(%x, @k)
              return %y
            }
            const @k: f32[2] = [1, 2]
            """;

    private static void check(String file) {
        GoldenFile f = GoldenFile.parse("t.mncir", file);
        for (GoldenFile.Case c : f.cases()) {
            TESTER.check(f, c);
        }
    }

    @Test
    void wrongNumbersUnderTheRightStructureFail() {
        assertThatThrownBy(() -> check("# RUN: scale-constants\n# CASE: c -- d\n" + INPUT + "# EXPECT\n" + INPUT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("t.mncir:2 case c (d): output %y element 0 is")
                .hasMessageContaining("after the passes but");
    }

    @Test
    void aStructureMismatchShowsADiff() {
        String expect = INPUT.replace("add", "sub");
        assertThatThrownBy(() -> check("# RUN: dead-code\n# CASE: c -- d\n" + INPUT + "# EXPECT\n" + expect))
                .hasMessageContaining("output differs from # EXPECT (- expected, + actual)")
                .hasMessageContaining("-   %y = sub(%x, @k)").hasMessageContaining("+   %y = add(%x, @k)");
    }

    @Test
    void aFalseIdempotenceClaimIsCaught() {
        String twice = """
                graph @g(%x: f32[2]) {
                  %y = add(%x, @k)
                  %relu = relu(%y)
                  return %relu
                }
                const @k: f32[2]
                """;
        assertThatThrownBy(() -> check("# RUN: grows-forever\n# CASE: c -- d\n" + INPUT + "# EXPECT\n" + twice))
                .hasMessageContaining("idempotent pass grows-forever changed the graph when run a second time");
    }

    @Test
    void unchangedAndErrorExpectationsAreEnforced() {
        assertThatThrownBy(() -> check("# RUN: scale-constants\n# CASE: c -- d\n" + INPUT
                + "# EXPECT-UNCHANGED: nothing to do\n")).hasMessageContaining("expected no change (nothing to do)");
        assertThatThrownBy(() -> check("# RUN: dead-code\n# CASE: c -- d\n" + INPUT + "# EXPECT-ERROR: boom\n"))
                .hasMessageContaining("expected an error containing 'boom', but the run succeeded");
        assertThatThrownBy(() -> check("# RUN: dead-code\n# CASE: c -- d\n" + INPUT + "# EVENT: nothing like this\n"
                + "# EXPECT-UNCHANGED: x\n")).hasMessageContaining("no rewrite event contains 'nothing like this'");
    }

    @Test
    void malformedGoldenFilesSayWhatIsMissing() {
        assertThatThrownBy(() -> GoldenFile.parse("a.mncir", "# CASE: c -- d\n" + INPUT))
                .hasMessageContaining("a.mncir: the first lines must include '# RUN: pass[,pass...]'");
        assertThatThrownBy(() -> GoldenFile.parse("a.mncir", "# RUN: dead-code\n# CASE: c -- d\n" + INPUT))
                .hasMessageContaining("case c needs '# EXPECT'");
        assertThatThrownBy(() -> GoldenFile.parse("a.mncir", "# RUN: dead-code\n# CASE: c\n" + INPUT))
                .hasMessageContaining("write '# CASE: name -- description'");
        GoldenFile ok = GoldenFile.parse("a.mncir", "# RUN: dead-code\n# OPTION: layout.io=nchw\n# CASE: c -- d\n"
                + INPUT + "# EXPECT-UNCHANGED: r\n# -----\n# CASE: e -- f\n" + INPUT + "# EXPECT-ERROR: t\n");
        assertThat(ok.options()).containsExactly("layout.io=nchw");
        assertThat(ok.cases()).extracting(GoldenFile.Case::kind).containsExactly(GoldenFile.Kind.UNCHANGED,
                GoldenFile.Kind.ERROR);
    }
}
