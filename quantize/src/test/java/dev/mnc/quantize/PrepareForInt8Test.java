package dev.mnc.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.text.IrParser;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassResult;
import org.junit.jupiter.api.Test;

class PrepareForInt8Test {

    private static Graph prepared(String text) {
        Graph g = IrParser.parse(text);
        new PrepareForInt8().run(g, PassContext.defaults());
        Verifier.verify(g);
        return g;
    }

    private static void assertSameFunction(String text) {
        Graph before = IrParser.parse(text);
        Graph after = prepared(text);
        int n = (int) before.inputs().get(0).shape().numElements();
        float[] x = Runs.uniform(n, 5, -8, 8);
        assertThat(Runs.maxDiff(Runs.run(before, x), Runs.run(after, x))).isLessThan(1e-5);
    }

    private static final String PADDLE_HARD_SIGMOID = """
            graph @g(%x: f32[1,2,2,8] nhwc) {
              %h = hard_sigmoid(%x) {alpha=0.2, beta=0.5}
              %y = mul(%x, %h)
              return %y
            }
            """;

    @Test
    void hardSigmoidBecomesAddClipMul() {
        Graph g = prepared(PADDLE_HARD_SIGMOID);
        assertThat(IrPrinter.structure(g)).contains(
                "%h/shifted = add(%x, @h/offset)",
                "%h/clipped = clip(%h/shifted) {min=0.0, max=5.0}",
                "%h = mul(%h/clipped, @h/alpha)");
        assertThat(g.value("h/offset").orElseThrow().data().floats()).containsExactly(2.5f);
        assertThat(g.value("h/alpha").orElseThrow().data().floats()).containsExactly(0.2f);
        assertSameFunction(PADDLE_HARD_SIGMOID);
    }

    private static final String MOBILENETV3_HARD_SIGMOID = """
            graph @g(%x: f32[1,2,2,8] nhwc) {
              %h = hard_sigmoid(%x) {alpha=0.16666667, beta=0.5}
              return %h
            }
            """;

    @Test
    void mobileNetV3HardSigmoidIsRelu6OfXPlus3TimesOneSixth() {
        Graph g = prepared(MOBILENETV3_HARD_SIGMOID);
        assertThat(IrPrinter.structure(g)).contains("%h/clipped = add(%x, @h/offset) {act=relu6}",
                "%h = mul(%h/clipped, @h/alpha)").doesNotContain("clip(");
        assertThat(g.outputs().get(0).name()).isEqualTo("h");
        assertSameFunction(MOBILENETV3_HARD_SIGMOID);
    }

    @Test
    void negativeAlphaSwapsTheClipBounds() {
        String text = """
                graph @g(%x: f32[1,16]) {
                  %h = hard_sigmoid(%x) {alpha=-0.25, beta=0.5}
                  return %h
                }
                """;
        assertThat(IrPrinter.structure(prepared(text))).contains("clip(%h/shifted) {min=-4.0, max=0.0}");
        assertSameFunction(text);
    }

    @Test
    void divisionByAConstantBecomesMultiplicationByItsReciprocal() {
        String text = """
                graph @g(%x: f32[1,4]) {
                  %y = div(%x, @six)
                  return %y
                }
                const @six: f32[1] = [6.0]
                """;
        Graph g = prepared(text);
        assertThat(IrPrinter.structure(g)).contains("%y = mul(%x, @six/reciprocal)").doesNotContain("div(");
        assertThat(g.value("six/reciprocal").orElseThrow().data().floats()).containsExactly(1f / 6);
        assertSameFunction(text);
    }

    @Test
    void divisionByZeroOrByAVariableStays() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[1,4], %d: f32[1,4]) {
                  %a = div(%x, @zero)
                  %b = div(%a, %d)
                  return %b
                }
                const @zero: f32[1] = [0.0]
                """);
        PassResult r = new PrepareForInt8().run(g, PassContext.defaults());
        assertThat(r.changed()).isFalse();
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.events().toString()).contains("holds 0.0, which has no finite reciprocal",
                "the divisor %d is not an f32 constant");
    }

    @Test
    void secondRunChangesNothing() {
        Graph g = prepared(PADDLE_HARD_SIGMOID);
        assertThat(new PrepareForInt8().run(g, PassContext.defaults()).changed()).isFalse();
    }
}
