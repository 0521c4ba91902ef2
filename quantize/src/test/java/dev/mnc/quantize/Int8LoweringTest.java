package dev.mnc.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Rounding;
import dev.mnc.ir.Value;
import dev.mnc.ir.text.IrParser;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.quantize.observe.Range;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The int8 graph a plan produces, checked structure by structure: which ops become int8, the
 * specification's constraints on their parameters, folded clips, float islands and the model's
 * I/O types. Ranges are given, not calibrated, so that every parameter is a worked value.
 */
class Int8LoweringTest {

    /** Every f32 value gets [-4, 6] unless {@code ranges} says otherwise. */
    private static Graph lower(Graph f, Map<String, Range> ranges, IoType io) {
        Map<String, Range> all = new HashMap<>();
        for (Value v : f.values()) {
            if (v.dtype() == DType.F32 && !v.isConstant()) {
                all.put(v.name(), ranges.getOrDefault(v.name(), new Range(-4, 6)));
            }
        }
        QuantPlan plan = new QuantPlan(f, Set.of(), all);
        Map<Node, QuantizedWeights> w = new IdentityHashMap<>();
        for (Node n : f.nodes()) {
            if (plan.kind(n) == Int8Ops.Kind.WEIGHTED) {
                w.put(n, QuantizedWeights.of(n, plan.params(n.input(0)).scale(), n.op() instanceof dev.mnc.ir.ops.Conv2d, null));
            }
        }
        return Int8Lowering.lower(plan, w, io).graph();
    }

    private static QuantParams q(Graph g, String name) {
        return g.value(name).orElseThrow().quant();
    }

    @Test
    void convPoolReshapeFullyConnectedSoftmax() {
        Graph g = lower(IrParser.parse("""
                graph @g(%x: f32[1,4,4,2] nhwc) {
                  %c = conv2d(%x, @w, @b) {pads=[1,1,1,1], act=relu6, layout=nhwc}
                  %p = max_pool2d(%c) {kernel=[2,2], strides=[2,2], layout=nhwc}
                  %r = reshape(%p) {shape=[1,12]}
                  %f = fully_connected(%r, @fw, @fb)
                  %s = softmax(%f) {axis=1}
                  return %s
                }
                const @w: f32[3,3,3,2] = random(seed=1, min=-1, max=1)
                const @b: f32[3] = [0.1, 0.2, 0.3]
                const @fw: f32[5,12] = random(seed=2, min=-1, max=1)
                const @fb: f32[5] = [0.0, 1.0, 0.0, -1.0, 0.5]
                """), Map.of("c", new Range(0, 6), "p", new Range(0, 5.5), "r", new Range(0, 5.5)), IoType.FLOAT);
        assertThat(IrPrinter.structure(g)).contains(
                "%x/int8 = quantize(%x) {to=i8}",
                "%c = conv2d(%x/int8, @w, @b) {pads=[1,1,1,1], act=relu6, layout=nhwc} : i8[1,4,4,3] nhwc",
                "%p = max_pool2d(%c)",
                "%r = reshape(%p) {shape=[1,12]} : i8[1,12]",
                "%f = fully_connected(%r, @fw, @fb) : i8[1,5]",
                "%s/int8 = softmax(%f) {axis=1} : i8[1,5]",
                "%s = dequantize(%s/int8) : f32[1,5]");
        // x: [-4, 6] -> scale 10/255, zero point round(-128 + 102) = -26.
        assertThat(q(g, "x/int8")).isEqualTo(QuantParams.perTensor(10f / 255, -26));
        // Pool and reshape share the conv's parameters: the union of [0,6] and [0,5.5].
        assertThat(q(g, "c")).isEqualTo(QuantParams.perTensor(6f / 255, -128)).isEqualTo(q(g, "p")).isEqualTo(q(g, "r"));
        assertThat(q(g, "s/int8")).isEqualTo(QuantParams.perTensor(1f / 256, -128));
        // Conv weights per output channel along axis 0, int32 bias with input scale * weight scale.
        Value w = g.value("w").orElseThrow();
        assertThat(w.dtype()).isEqualTo(DType.I8);
        assertThat(w.quant().axis()).isEqualTo(0);
        assertThat(w.quant().scales()).hasSize(3);
        Value b = g.value("b").orElseThrow();
        assertThat(b.dtype()).isEqualTo(DType.I32);
        for (int i = 0; i < 3; i++) {
            assertThat(b.quant().scales()[i]).isEqualTo(10f / 255 * w.quant().scales()[i]);
            assertThat(b.data().ints()[i]).isEqualTo((int) (long) Rounding.halfAwayFromZero(0.1 * (i + 1) / b.quant().scales()[i]));
        }
        // Dense weights per tensor by default.
        assertThat(q(g, "fw").isPerTensor()).isTrue();
    }

    @Test
    void concatInputsShareTheUnionOfTheirRanges() {
        Graph g = lower(IrParser.parse("""
                graph @g(%x: f32[1,2,2,2] nhwc, %y: f32[1,2,2,2] nhwc) {
                  %a = relu(%x)
                  %b = relu(%y)
                  %c = concat(%a, %b) {axis=3}
                  return %c
                }
                """), Map.of("a", new Range(0, 2), "b", new Range(-1, 5), "c", new Range(0, 5)), IoType.INT8);
        QuantParams want = AffineQuantization.activation(new Range(-1, 5));
        assertThat(q(g, "a")).isEqualTo(want).isEqualTo(q(g, "b")).isEqualTo(q(g, "c"));
        assertThat(g.inputs()).extracting(Value::dtype).containsExactly(DType.I8, DType.I8);
        assertThat(g.outputs().get(0).name()).isEqualTo("c");
        assertThat(g.outputs().get(0).dtype()).isEqualTo(DType.I8);
    }

    @Test
    void clipAfterAnAddIsFoldedIntoTheAddsRange() {
        Graph f = IrParser.parse("""
                graph @g(%x: f32[1,8]) {
                  %t = add(%x, @off)
                  %u = clip(%t) {min=0.0, max=5.0}
                  %h = mul(%u, @a)
                  return %h
                }
                const @off: f32[1] = [2.5]
                const @a: f32[1] = [0.2]
                """);
        Graph g = lower(f, Map.of("u", new Range(0, 5), "h", new Range(0, 1)), IoType.FLOAT);
        String text = IrPrinter.structure(g);
        assertThat(text).contains("%u = add(%x/int8, @off) : i8[1,8]", "%h/int8 = mul(%u, @a) : i8[1,8]")
                .doesNotContain("clip(");
        // [0, 5]: zero point -128, 255 steps of 5/255: saturation at 127 is the clip at 5.
        assertThat(q(g, "u")).isEqualTo(QuantParams.perTensor(5f / 255, -128));
        // The constant operands get parameters of their own: 2.5 and 0.2 on [0, c], q = 127.
        assertThat(q(g, "off")).isEqualTo(QuantParams.perTensor(2.5f / 255, -128));
        assertThat(g.value("off").orElseThrow().data().bytes()).containsExactly(127);
        assertThat(g.value("a").orElseThrow().data().bytes()).containsExactly(127);
    }

    @Test
    void opsWithoutInt8KernelsStayFloatBetweenDequantizeAndQuantize() {
        Graph g = lower(IrParser.parse("""
                graph @g(%x: f32[1,4,4,2] nhwc) {
                  %a = relu(%x)
                  %p = avg_pool2d(%a) {kernel=[3,3], pads=[1,1,0,0], layout=nhwc}
                  %n = batch_norm(%p, @s, @t, @m, @v) {eps=0.001, layout=nhwc}
                  %y = relu(%n)
                  return %y
                }
                const @s: f32[2] = [1.0, 2.0]
                const @t: f32[2] = [0.0, 1.0]
                const @m: f32[2] = [0.5, 0.5]
                const @v: f32[2] = [1.0, 4.0]
                """), Map.of(), IoType.INT8);
        assertThat(IrPrinter.structure(g)).contains(
                "%a = relu(%x)",
                "%a/float = dequantize(%a)",
                "%p = avg_pool2d(%a/float)",
                "%n = batch_norm(%p, @s, @t, @m, @v)",
                "%n/int8 = quantize(%n) {to=i8}",
                "%y = relu(%n/int8)");
    }

    @Test
    void uint8ModelIoConvertsAtTheEdges() {
        Graph g = lower(IrParser.parse("""
                graph @g(%x: f32[1,6]) {
                  %y = relu(%x)
                  return %y
                }
                """), Map.of("x", new Range(-1, 1), "y", new Range(0, 1)), IoType.UINT8);
        assertThat(IrPrinter.structure(g)).contains(
                "graph @g(%x: u8[1,6]",
                "%x/int8 = quantize(%x) {to=i8}",
                "%y/int8 = relu(%x/int8)",
                "%y = quantize(%y/int8) {to=u8}");
        QuantParams in = AffineQuantization.activation(new Range(-1, 1));
        assertThat(q(g, "x")).isEqualTo(QuantParams.perTensor(in.scale(), in.zeroPoint() + 128));
        assertThat(q(g, "y")).isEqualTo(QuantParams.perTensor(1f / 255, 0));
    }
}
