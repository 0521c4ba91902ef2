package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.floatTensor;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static dev.mnc.testdata.OnnxModelBuilder.longTensor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shape computations folded at import, and the data-movement ops on run-time values. */
class ShapeImportTest {

    /** PyTorch's {@code x.view(x.size(0), -1)} before a Linear: Shape, Gather, Unsqueeze, Concat, Reshape. */
    private static OnnxModelBuilder flattenChain(int opset) {
        OnnxModelBuilder b = new OnnxModelBuilder(opset).input("x", "batch", 8, 4, 4)
                .initializer("zero", new long[] {0}).initializer("minus1", new long[] {-1}, 1)
                .randomInitializer("W", 5, 8).randomInitializer("b", 5)
                .node("GlobalAveragePool", "x -> p").node("Shape", "p -> s").node("Gather", "s,zero -> n", attr("axis", 0));
        if (opset >= 13) {
            b.initializer("axes0", new long[] {0}, 1).node("Unsqueeze", "n,axes0 -> u");
        } else {
            b.node("Unsqueeze", "n -> u", ints("axes", 0));
        }
        return b.node("Concat", "u,minus1 -> target", attr("axis", 0)).node("Reshape", "p,target -> r")
                .node("Gemm", "r,W,b -> y", attr("transB", 1)).output("y");
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 11, 13})
    void pytorchDynamicFlattenFoldsAway(int opset) {
        assertThat(Ir.of(flattenChain(opset))).isEqualTo("""
                graph @test_graph(%x: f32[1,8,4,4] nchw) {
                  %p = mean(%x) {axes=[2,3], keep_dims=true} : f32[1,8,1,1] nchw
                  %r = reshape(%p) {shape=[1,8]} : f32[1,8]
                  %y = fully_connected(%r, @W, @b) : f32[1,5]
                  return %y
                }
                const @W: f32[5,8]
                const @b: f32[5]
                """);
    }

    @Test
    void boundBatchFlowsThroughTheFoldedShape() {
        assertThat(Ir.of(flattenChain(13), ImportOptions.defaults().withInputShape("x", 3, 8, 4, 4)))
                .contains("%r = reshape(%p) {shape=[3,8]} : f32[3,8]").contains(": f32[3,5]");
    }

    @Test
    void reshapeCopiesZeroAndInfersMinusOne() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 3, 4).initializer("s", new long[] {0, -1}, 2)
                .node("Reshape", "x,s -> y").output("y"));
        assertThat(ir).contains("%y = reshape(%x) {shape=[2,12]} : f32[2,12]");
    }

    @Test
    void reshapeThatCannotWorkNamesTheNode() {
        Ir.fails(new OnnxModelBuilder(14).input("x", 2, 3, 4).initializer("s", new long[] {0, -1}, 2)
                .node("Reshape", "x,s -> y", attr("allowzero", 1)).output("y"))
                .hasMessageContaining("node 'Reshape_0' (Reshape, ai.onnx opset 14)").hasMessageContaining("cannot reshape");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 3, 4).input("s").node("Reshape", "x,s -> y").output("y"))
                .hasMessageContaining("Reshape shape ('s') must be a constant");
    }

    @Test
    void flattenAtAnyAxis() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 2, 3, 4, 5).node("Flatten", "x -> a", attr("axis", 2))
                .node("Flatten", "x -> b", attr("axis", 0)).node("Flatten", "x -> c", attr("axis", -1))
                .output("a").output("b").output("c"));
        assertThat(ir).contains("%a = reshape(%x) {shape=[6,20]} : f32[6,20]")
                .contains("%b = reshape(%x) {shape=[1,120]} : f32[1,120]")
                .contains("%c = reshape(%x) {shape=[24,5]} : f32[24,5]");
    }

    @Test
    void squeezeWithAttributeInputOrNothing() {
        assertThat(Ir.of(new OnnxModelBuilder(11).input("x", 1, 8, 1, 1).node("Squeeze", "x -> y", ints("axes", 2, 3))
                .output("y"))).contains("%y = reshape(%x) {shape=[1,8]} : f32[1,8]");
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 1, 8, 1, 1).initializer("a", new long[] {-1, -2}, 2)
                .node("Squeeze", "x,a -> y").output("y"))).contains("%y = reshape(%x) {shape=[1,8]} : f32[1,8]");
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 1, 8, 1, 1).node("Squeeze", "x -> y").output("y")))
                .contains("%y = reshape(%x) {shape=[8]} : f32[8]");
        Ir.fails(new OnnxModelBuilder(11).input("x", 1, 8, 1, 1).node("Squeeze", "x -> y", ints("axes", 1)).output("y"))
                .hasMessageContaining("cannot squeeze axis 1");
    }

    @Test
    void unsqueezeOnRunTimeValues() {
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 3, 4).initializer("a", new long[] {0, -1}, 2)
                .node("Unsqueeze", "x,a -> y").output("y"))).contains("%y = reshape(%x) {shape=[1,3,4,1]} : f32[1,3,4,1]\n");
        assertThat(Ir.of(new OnnxModelBuilder(9).input("x", 3, 4).node("Unsqueeze", "x -> y", ints("axes", 1))
                .output("y"))).contains("%y = reshape(%x) {shape=[3,1,4]} : f32[3,1,4]");
    }

    @Test
    void transposeAndConcatOnRunTimeValues() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).input("z", 1, 5, 3, 4)
                .node("Concat", "x,z -> c", attr("axis", -3)).node("Transpose", "c -> t", ints("perm", 0, 2, 3, 1))
                .node("Transpose", "t -> r").output("r"));
        assertThat(ir).contains("%c = concat(%x, %z) {axis=1} : f32[1,7,3,4] nchw")
                .contains("%t = transpose(%c) {perm=[0,2,3,1]} : f32[1,3,4,7] nhwc")
                .contains("%r = transpose(%t) {perm=[3,2,1,0]} : f32[7,4,3,1]");
    }

    @Test
    void sliceWithAttributesBeforeOpset10() {
        assertThat(Ir.of(new OnnxModelBuilder(9).input("x", 1, 8, 6, 6)
                .node("Slice", "x -> y", ints("starts", 1), ints("ends", 100), ints("axes", 2)).output("y")))
                .contains("%y = slice(%x) {starts=[1], ends=[100], axes=[2], steps=[1]} : f32[1,8,5,6] nchw");
    }

    @Test
    void sliceWithInputsAndNegativeSteps() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 8, 6, 6)
                .initializer("st", new long[] {-1, 0}, 2).initializer("en", new long[] {Long.MIN_VALUE, 8}, 2)
                .initializer("ax", new long[] {-1, 1}, 2).initializer("sp", new long[] {-1, 3}, 2)
                .node("Slice", "x,st,en,ax,sp -> y").output("y"));
        assertThat(ir).contains("%y = slice(%x) {starts=[-1,0], ends=[-9223372036854775808,8], axes=[3,1], steps=[-1,3]} "
                + ": f32[1,3,6,6] nchw");
    }

    @Test
    void gatherOnARunTimeValueKeepsItsConstantIndices() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 5).initializer("idx", new long[] {4, -1}, 2)
                .node("Gather", "x,idx -> y", attr("axis", 1)).output("y"));
        assertThat(ir).contains("%y = gather(%x, @idx) {axis=1} : f32[2,2]").contains("const @idx: i64[2]");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 5).initializer("idx", new long[] {5}, 1)
                .node("Gather", "x,idx -> y", attr("axis", 1)).output("y")).hasMessageContaining("index 5 is out of range");
    }

    @Test
    void castOfARunTimeValue() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 3).node("Cast", "x -> y", attr("to", 7))
                .typedOutput("y", 7));
        assertThat(ir).contains("%y = cast(%x) {to=i64} : i64[2,3]");
    }

    @Test
    void shapeSliceConstantOfShapeRangeAndCastFold() {
        String ir = Ir.of(new OnnxModelBuilder(15).input("x", 2, 3, 4, 5).input("y", 3, 4).input("v", 3)
                .node("Shape", "x -> s", attr("start", 1), attr("end", -1))
                .node("ConstantOfShape", "s -> c", attr("value", floatTensor("", new float[] {2f}, 1)))
                .node("Add", "y,c -> z")
                .initializer("r0", new long[] {0}).initializer("r1", new long[] {6}).initializer("r2", new long[] {2})
                .node("Range", "r0,r1,r2 -> rng").node("Cast", "rng -> rngf", attr("to", 1)).node("Mul", "v,rngf -> w")
                .output("z").output("w"));
        assertThat(ir).isEqualTo("""
                graph @test_graph(%x: f32[2,3,4,5] nchw, %y: f32[3,4], %v: f32[3]) {
                  %z = add(%y, @c) : f32[3,4]
                  %w = mul(%v, @rngf) : f32[3]
                  return %z, %w
                }
                const @c: f32[3,4]
                const @rngf: f32[3]
                """);
    }

    @Test
    void integerArithmeticIsExact() {
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 3)
                .initializer("big", new long[] {Long.MAX_VALUE}, 1).initializer("two", new long[] {2}, 1)
                .node("Mul", "big,two -> m").node("Reshape", "x,m -> y").output("y"))
                .hasMessageContaining("(Mul, ai.onnx opset 13)").hasMessageContaining("overflows");
        Ir.fails(new OnnxModelBuilder(13).input("x", 2, 3)
                .initializer("six", new long[] {6}, 1).initializer("zero", new long[] {0}, 1)
                .node("Div", "six,zero -> m").node("Reshape", "x,m -> y").output("y"))
                .hasMessageContaining("division by zero");
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        // s = [2,3,4]; six = 3 + 3; (0 - 6) / 4 = -1 truncated (flooring would give -2); cols = 6 + 2 * (-1) = 4;
        // so [-1, 4] reshapes the 24 elements to [6, 4] (flooring would have given [12, 2])
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 3, 4).node("Shape", "x -> s")
                .initializer("i0", new long[] {0}).initializer("four", new long[] {4}).initializer("two", new long[] {2})
                .initializer("m1", new long[] {-1}, 1)
                .initializer("one", new long[] {1}).node("Gather", "s,one -> three")
                .node("Add", "three,three -> six").node("Sub", "i0,six -> neg").node("Div", "neg,four -> q")
                .node("Mul", "q,two -> q2").node("Add", "six,q2 -> cols").node("Unsqueeze", "cols,i1 -> u")
                .initializer("i1", new long[] {0}, 1).node("Concat", "m1,u -> target", attr("axis", 0))
                .node("Reshape", "x,target -> y").output("y"));
        assertThat(ir).contains("%y = reshape(%x) {shape=[6,4]} : f32[6,4]");
    }

    @Test
    void expandOfConstantsFoldsAndOfRunTimeValuesMustKeepTheShape() {
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 2, 3).initializer("one", new float[] {1f}, 1)
                .initializer("shape", new long[] {2, 3}, 2).node("Expand", "one,shape -> e").node("Add", "x,e -> y")
                .output("y"))).contains("%y = add(%x, @e) : f32[2,3]").contains("const @e: f32[2,3]");
        assertThat(Ir.of(new OnnxModelBuilder(13).input("x", 2, 3).initializer("shape", new long[] {1, 3}, 2)
                .node("Expand", "x,shape -> y").output("y"))).contains("%y = identity(%x) : f32[2,3]");
        Ir.fails(new OnnxModelBuilder(13).input("x", 1, 3).initializer("shape", new long[] {4, 3}, 2)
                .node("Expand", "x,shape -> y").output("y")).hasMessageContaining("Expand of a run-time value");
    }

    @Test
    void constantListsAndIntegers() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 2, 3)
                .node("Constant", "-> fl", OnnxModelBuilder.floats("value_floats", 1f, 2f, 3f)).node("Add", "x,fl -> a")
                .node("Constant", "-> one", attr("value_int", 1)).node("Constant", "-> six", ints("value_ints", 6))
                .node("Mul", "six,one -> n").node("Reshape", "a,n -> y").output("y"));
        assertThat(ir).contains("%a = add(%x, @fl) : f32[2,3]").contains("%y = reshape(%a) {shape=[6]} : f32[6]")
                .contains("const @fl: f32[3]");
    }

    @Test
    void constantNodesInEveryForm() {
        String ir = Ir.of(new OnnxModelBuilder(13).constantNodes(true).input("x", 1, 3, 4, 4)
                .randomInitializer("w", 2, 3, 1, 1)
                .node("Conv", "x,w -> c")
                .node("Constant", "-> f", attr("value_float", 0.5f)).node("Mul", "c,f -> m")
                .node("Constant", "-> s", ints("value_ints", 1, 32)).node("Reshape", "m,s -> y")
                .node("Constant", "-> t", attr("value", longTensor("", new long[] {2, 16}, 2)))
                .node("Reshape", "m,t -> z")
                .output("y").output("z"));
        assertThat(ir).contains("%c = conv2d(%x, @w) {layout=nchw} : f32[1,2,4,4] nchw")
                .contains("%m = mul(%c, @f) : f32[1,2,4,4] nchw")
                .contains("%y = reshape(%m) {shape=[1,32]}").contains("%z = reshape(%m) {shape=[2,16]}")
                .contains("const @w: f32[2,3,1,1]").contains("const @f: f32[]").doesNotContain("const @s").doesNotContain("const @t");
    }
}
