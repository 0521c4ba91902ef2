package dev.mnc.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.text.IrParser;
import dev.mnc.ir.text.IrPrinter;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {

    @Test
    void convShapeFollowsTheWindowFormulaWithAsymmetricPadsStridesAndDilation() {
        Graph g = new Graph("g");
        Value x = g.addInput("x", new TensorType(DType.F32, Shape.of(1, 6, 17, 12), Layout.NCHW));
        Value w = g.addConstant("w", TensorData.zeros(DType.F32, Shape.of(4, 3, 3, 3)));
        // H: floor((17 + 0 + 2 - 2*2 - 1)/2) + 1 = 8;  W: floor((12 + 1 + 0 - 3)/1) + 1 = 11
        Value y = g.add(new Conv2d(new int[] {2, 1}, new int[] {2, 1}, new int[] {0, 1, 2, 0}, 2, Activation.NONE,
                Layout.NCHW), x, w);
        assertThat(y.type()).isEqualTo(new TensorType(DType.F32, Shape.of(1, 4, 8, 11), Layout.NCHW));
    }

    @Test
    void groupMismatchNamesTheNode() {
        Graph g = new Graph("g");
        Value x = g.addInput("x", new TensorType(DType.F32, Shape.of(1, 6, 8, 8), Layout.NCHW));
        Value w = g.addConstant("w", TensorData.zeros(DType.F32, Shape.of(4, 4, 3, 3)));
        assertThatThrownBy(() -> g.addNode(new Conv2d(new int[] {1, 1}, new int[] {1, 1}, new int[4], 1,
                Activation.NONE, Layout.NCHW), List.of(x, w), null, List.of("Conv_9")))
                .isInstanceOf(MncException.class)
                .hasMessageStartingWith("node 'Conv_9' (conv2d): conv2d weight [4,4,3,3] with group 1 expects 4");
    }

    @Test
    void replacingAGraphOutputKeepsItsName() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[4]) {
                  %t = relu(%x)
                  %out = relu(%t)
                  return %out
                }
                """);
        Value t = g.value("t").orElseThrow();
        Value out = g.value("out").orElseThrow();
        g.replaceAllUses(out, t);
        g.removeDeadCode();
        assertThat(g.outputs().get(0).name()).isEqualTo("out");
        assertThat(g.numNodes()).isEqualTo(1);
        Verifier.verify(g);
    }

    @Test
    void canonicalOrderDoesNotDependOnCreationOrder() {
        Graph a = new Graph("g");
        Value xa = a.addInput("x", TensorType.f32(4));
        Value r1 = a.add(new Relu(), xa);
        Value r2 = a.add(new Relu(), xa);
        a.setOutputs(List.of(a.add(Binary.of(Binary.Kind.ADD), r1, r2)));

        Graph b = new Graph("g");
        Value xb = b.addInput("x", TensorType.f32(4));
        Value s2 = b.add(new Relu(), xb);
        Value s1 = b.add(new Relu(), xb);
        b.rename(s2, "tmp");
        b.rename(s1, "relu");
        b.rename(s2, "relu_1");
        b.setOutputs(List.of(b.add(Binary.of(Binary.Kind.ADD), s1, s2)));
        assertThat(IrPrinter.full(b)).isEqualTo(IrPrinter.full(a));
    }

    @Test
    void verifierReportsCyclesAndStaleTypes() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[4]) {
                  %a = relu(%x)
                  %b = relu(%a)
                  return %b
                }
                """);
        g.value("a").orElseThrow().producer().setInput(0, g.value("b").orElseThrow());
        assertThat(Verifier.check(g)).anyMatch(p -> p.contains("cycle"));

        Graph h = IrParser.parse("graph @g(%x: f32[4]) {\n %a = relu(%x)\n return %a\n}\n");
        h.value("a").orElseThrow().setType(TensorType.f32(5));
        assertThat(Verifier.check(h)).containsExactly(
                "node 'a' (relu) output a is typed f32[5] but infers to f32[4]");
    }

    @Test
    void copyIsDeepAndIndependent() {
        Graph g = IrParser.parse(dev.mnc.ir.text.IrTextTest.INVERTED_RESIDUAL);
        Graph c = g.copy();
        assertThat(IrPrinter.full(c)).isEqualTo(IrPrinter.full(g));
        c.value("dw").orElseThrow().producer().setOp(
                ((Conv2d) c.value("dw").orElseThrow().producer().op()).withActivation(Activation.NONE));
        assertThat(IrPrinter.full(c)).isNotEqualTo(IrPrinter.full(g));
        Verifier.verify(c);
    }

    @Test
    void shapesRefuseOverflowingElementCounts() {
        assertThatThrownBy(() -> Shape.of(1L << 20, 1L << 20, 1L << 20).numElements())
                .isInstanceOf(MncException.class).hasMessageContaining("more than");
    }

    @Test
    void unusedConstantsCanBeDroppedAndRemovedNodesAreNoLongerContained() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[2]) {
                  %y = add(%x, @a)
                  return %y
                }
                const @a: f32[2] = [1, 2]
                const @b: f32[2] = [3, 4]
                """);
        Value a = g.value("a").orElseThrow();
        Value b = g.value("b").orElseThrow();
        Node add = g.nodes().get(0);
        assertThat(g.removeIfUnused(a)).isFalse();
        assertThat(g.removeIfUnused(b)).isTrue();
        assertThat(g.value("b")).isEmpty();
        assertThat(g.contains(add)).isTrue();
        g.replaceAllUses(add.output(), g.inputs().get(0));
        g.removeNode(add);
        assertThat(g.contains(add)).isFalse();
        assertThat(g.removeIfUnused(a)).isTrue();
    }
}
