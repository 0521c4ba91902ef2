package dev.mnc.backend.tflite;

import static dev.mnc.backend.tflite.OracleHarness.check;
import static dev.mnc.backend.tflite.OracleHarness.floatInput;
import static dev.mnc.backend.tflite.OracleHarness.onnx;
import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import dev.mnc.testdata.OnnxModelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data-movement ops through the TFLite interpreter against ONNX Runtime. */
class TensorOpLoweringTest {

    private static List<String> ops(OracleHarness.Result r) {
        return TfliteReader.read(r.tflite()).operators().stream().map(OperatorInfo::op).toList();
    }

    private static OnnxModelBuilder longs(OnnxModelBuilder b, String name, long... v) {
        return b.initializer(name, v, v.length);
    }

    @Test
    void reshapeTransposeConcatSoftmax() {
        check("""
                graph @g(%x: f32[2,3,4], %z: f32[2,4,5]) {
                  %r = reshape(%x) {shape=[2,12]}
                  %t = transpose(%x) {perm=[0,2,1]}
                  %c = concat(%t, %z) {axis=2}
                  %s = softmax(%c) {axis=2}
                  return %r, %s
                }
                """, g -> longs(floatInput(onnx("x", 2, 3, 4), "z", 2, 4, 5), "shape", 2, 12)
                .node("Reshape", "x,shape -> r")
                .node("Transpose", "x -> t", ints("perm", 0, 2, 1))
                .node("Concat", "t,z -> c", attr("axis", 2L))
                .node("Softmax", "c -> s", attr("axis", 2L))
                .output("r").output("s"));
    }

    @Test
    void softmaxOverAnInnerAxisIsRefused() {
        var g = IrParser.parse("""
                graph @g(%x: f32[2,3,4]) {
                  %y = softmax(%x) {axis=1} loc("Softmax_1")
                  return %y
                }
                """);
        assertThatThrownBy(() -> TfliteWriter.write(g)).isInstanceOf(MncException.class)
                .hasMessageContaining("node 'Softmax_1' (softmax): cannot be written as TFLite")
                .hasMessageContaining("last axis");
    }

    @Test
    void constantPadsWithZeroAndWithAValue() {
        var r = check("""
                graph @g(%x: f32[1,3,4,2]) {
                  %a = pad(%x) {pads=[0,1,2,0,0,2,1,1]}
                  %b = pad(%x) {pads=[0,0,1,0,0,1,0,0], value=1.5}
                  return %a, %b
                }
                """, g -> longs(longs(onnx("x", 1, 3, 4, 2), "pa", 0, 1, 2, 0, 0, 2, 1, 1), "pb", 0, 0, 1, 0, 0, 1, 0, 0)
                .initializer("v", new float[] {1.5f})
                .node("Pad", "x,pa -> a").node("Pad", "x,pb,v -> b").output("a").output("b"));
        assertThat(ops(r)).containsExactly("PAD", "PADV2");
    }

    @Test
    void reflectAndEdgePads() {
        var r = check("""
                graph @g(%x: f32[1,5,4,3]) {
                  %a = pad(%x) {pads=[0,2,1,0,0,1,3,0], mode=reflect}
                  %b = pad(%x) {pads=[0,3,1,0,0,1,4,0], mode=edge}
                  return %a, %b
                }
                """, g -> longs(longs(onnx("x", 1, 5, 4, 3), "pa", 0, 2, 1, 0, 0, 1, 3, 0), "pb", 0, 3, 1, 0, 0, 1, 4, 0)
                .node("Pad", "x,pa -> a", attr("mode", "reflect")).node("Pad", "x,pb -> b", attr("mode", "edge"))
                .output("a").output("b"));
        assertThat(ops(r)).containsExactly("MIRROR_PAD", "MIRROR_PAD", "MIRROR_PAD", "MIRROR_PAD", "MIRROR_PAD");
    }

    @Test
    void slicesWithUnitAndOtherSteps() {
        var r = check("""
                graph @g(%x: f32[4,10,6]) {
                  %a = slice(%x) {starts=[1,-4], ends=[3,100], axes=[0,1], steps=[1,1]}
                  %b = slice(%x) {starts=[1,5], ends=[10,0], axes=[1,2], steps=[3,-2]}
                  %c = slice(%x) {starts=[-1], ends=[-100], axes=[1], steps=[-3]}
                  %d = slice(%x) {starts=[2], ends=[9223372036854775807], axes=[2], steps=[100]}
                  return %a, %b, %c, %d
                }
                """, g -> longs(longs(longs(longs(onnx("x", 4, 10, 6), "s1", 1, -4), "e1", 3, 100), "a1", 0, 1), "t1", 1, 1)
                .initializer("s2", new long[] {1, 5}, 2).initializer("e2", new long[] {10, 0}, 2)
                .initializer("a2", new long[] {1, 2}, 2).initializer("t2", new long[] {3, -2}, 2)
                .initializer("s3", new long[] {-1}, 1).initializer("e3", new long[] {-100}, 1)
                .initializer("a3", new long[] {1}, 1).initializer("t3", new long[] {-3}, 1)
                .initializer("s4", new long[] {2}, 1).initializer("e4", new long[] {Long.MAX_VALUE}, 1)
                .initializer("a4", new long[] {2}, 1).initializer("t4", new long[] {100}, 1)
                .node("Slice", "x,s1,e1,a1,t1 -> a").node("Slice", "x,s2,e2,a2,t2 -> b")
                .node("Slice", "x,s3,e3,a3,t3 -> c").node("Slice", "x,s4,e4,a4,t4 -> d")
                .output("a").output("b").output("c").output("d"));
        assertThat(ops(r)).containsExactly("SLICE", "STRIDED_SLICE", "STRIDED_SLICE", "STRIDED_SLICE");
    }

    @Test
    void gatherWithNegativeConstantIndicesAndCast() {
        check("""
                graph @g(%x: f32[3,5,2]) {
                  %y = gather(%x, @i) {axis=1}
                  %c = cast(%x) {to=i32}
                  return %y, %c
                }
                const @i: i64[2,2] = [[0, -1], [3, -5]]
                """, g -> onnx("x", 3, 5, 2).initializer("i", new long[] {0, -1, 3, -5}, 2, 2)
                .node("Gather", "x,i -> y", attr("axis", 1L))
                // Cast to int32 (truncating), then back to float so the output is a plain float tensor.
                .node("Cast", "x -> ci", attr("to", 6L)).node("Cast", "ci -> c", attr("to", 1L))
                .output("y").output("c"));
    }
}
