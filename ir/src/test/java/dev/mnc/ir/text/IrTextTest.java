package dev.mnc.ir.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.ConvTranspose2d;
import org.junit.jupiter.api.Test;

public class IrTextTest {

    public static final String INVERTED_RESIDUAL = """
            graph @block(%x: f32[1,8,16,16] nchw) {
              %expand = conv2d(%x, @w1, @b1) {act=relu6, layout=nchw} : f32[1,16,16,16] nchw loc("Conv_0", "Clip_1")
              %dw = conv2d(%expand, @w2) {pads=[1,1,1,1], group=16, act=relu6, layout=nchw} : f32[1,16,16,16] nchw loc("Conv_2")
              %project = conv2d(%dw, @w3) {layout=nchw} : f32[1,8,16,16] nchw
              %"onnx::Add_7" = add(%x, %project) : f32[1,8,16,16] nchw loc("Add_7")
              return %"onnx::Add_7"
            }
            const @w1: f32[16,8,1,1] = random(seed=1)
            const @b1: f32[16] = splat(0.5)
            const @w2: f32[16,1,3,3] = random(seed=2)
            const @w3: f32[8,16,1,1] = random(seed=3, min=-0.25, max=0.25)
            """;

    @Test
    void fullPrintParsesBackToTheSameText() {
        Graph g = IrParser.parse(INVERTED_RESIDUAL);
        Verifier.verify(g);
        String once = IrPrinter.full(g);
        String twice = IrPrinter.full(IrParser.parse(once));
        assertThat(twice).isEqualTo(once);
        assertThat(once).contains("%\"onnx::Add_7\" = add(%x, %project) : f32[1,8,16,16] nchw loc(\"Add_7\")");
    }

    @Test
    void constantDataSurvivesTheRoundTripBitForBit() {
        Graph g = IrParser.parse(INVERTED_RESIDUAL);
        Graph back = IrParser.parse(IrPrinter.full(g));
        for (var c : g.constants()) {
            assertThat(back.value(c.name()).orElseThrow().data().contentEquals(c.data())).as(c.name()).isTrue();
        }
    }

    @Test
    void readablePrintElidesBigConstantsAndOnlyLenientParsingAcceptsThat() {
        Graph g = IrParser.parse(INVERTED_RESIDUAL);
        String readable = IrPrinter.print(g);
        assertThat(readable).contains("const @w2: f32[16,1,3,3] = <elided>");
        assertThatThrownBy(() -> IrParser.parse(readable)).isInstanceOf(MncException.class).hasMessageContaining("elided");
        assertThat(IrPrinter.structure(IrParser.parseLenient(readable))).isEqualTo(IrPrinter.structure(g));
    }

    @Test
    void writtenTypesMustAgreeWithInference() {
        String bad = INVERTED_RESIDUAL.replace("%project = conv2d(%dw, @w3) {layout=nchw} : f32[1,8,16,16]",
                "%project = conv2d(%dw, @w3) {layout=nchw} : f32[1,8,8,8]");
        assertThatThrownBy(() -> IrParser.parse(bad)).hasMessageStartingWith("4:3: ")
                .hasMessageContaining("written as f32[1,8,8,8] nchw but conv2d gives f32[1,8,16,16] nchw");
    }

    @Test
    void errorsPointAtTheLineAndName() {
        assertThatThrownBy(() -> IrParser.parse("graph @g(%x: f32[2]) {\n  %y = relu(%z)\n  return %y\n}\n"))
                .hasMessageStartingWith("2:13: %z is not defined");
        assertThatThrownBy(() -> IrParser.parse("graph @g(%x: f32[2]) {\n  %y = frobnicate(%x)\n  return %y\n}\n"))
                .hasMessageContaining("unknown op 'frobnicate'");
        assertThatThrownBy(() -> IrParser.parse("graph @g(%x: f32[2]) {\n  %y = relu(%x) {alpha=1}\n  return %y\n}\n"))
                .hasMessageContaining("relu has no attribute [alpha]");
        assertThatThrownBy(() -> IrParser.parse("graph @g(%x: f32[2]) {\n  %y = relu(%x)\n  return %y\n"))
                .hasMessageContaining("expected '}' but found end of input");
    }

    @Test
    void quantizationParametersPrintAndParse() {
        String text = """
                graph @q(%x: i8[1,4] q(0.5, -3)) {
                  %y = fully_connected(%x, @w, @b) : i8[1,2] q(0.25, 1)
                  return %y
                }
                const @w: i8[2,4] q(axis=0, scales=[0.01,0.02], zps=[0,0]) = [1, 2, 3, 4, -1, -2, -3, -127]
                const @b: i32[2] = [100, -100]
                """;
        Graph g = IrParser.parse(text);
        Verifier.verify(g);
        assertThat(g.value("w").orElseThrow().quant().scales()).containsExactly(0.01f, 0.02f);
        assertThat(IrPrinter.full(IrParser.parse(IrPrinter.full(g)))).isEqualTo(IrPrinter.full(g));
    }

    @Test
    void convTransposeCarriesAFusedActivationLikeConv() {
        String text = """
                graph @up(%x: f32[1,3,4,4] nchw) {
                  %y = conv_transpose2d(%x, @w) {strides=[2,2], act=relu, layout=nchw} : f32[1,2,8,8] nchw
                  %z = conv_transpose2d(%y, @v) {layout=nchw} : f32[1,2,9,9] nchw
                  return %z
                }
                const @w: f32[3,2,2,2] = random(seed=1)
                const @v: f32[2,2,2,2] = random(seed=2)
                """;
        Graph g = IrParser.parse(text);
        Verifier.verify(g);
        var ops = g.nodes().stream().map(n -> (ConvTranspose2d) n.op()).toList();
        assertThat(ops).extracting(ConvTranspose2d::activation).containsExactly(Activation.RELU, Activation.NONE);
        assertThat(ops.get(1).withActivation(Activation.RELU6).attrs().toString())
                .isEqualTo("{act=relu6, layout=nchw}");
        assertThat(IrPrinter.full(IrParser.parse(IrPrinter.full(g)))).isEqualTo(IrPrinter.full(g));
        assertThatThrownBy(() -> IrParser.parse(text.replace("act=relu", "act=gelu")))
                .hasMessageContaining("unknown activation 'gelu'");
    }

    @Test
    void symbolicDimsAndQuotedNames() {
        String text = """
                graph @"my model"(%"in put": f32[batch,4]) {
                  %y = relu(%"in put") : f32[batch,4]
                  return %y
                }
                """;
        Graph g = IrParser.parse(text);
        assertThat(g.inputs().get(0).shape().dim(0).symbol()).isEqualTo("batch");
        assertThat(IrPrinter.full(g)).startsWith("graph @\"my model\"(%\"in put\": f32[batch,4]) {");
    }
}
