package dev.mnc.frontend.onnx;

import static dev.mnc.testdata.OnnxModelBuilder.attr;
import static dev.mnc.testdata.OnnxModelBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.testdata.OnnxModelBuilder;
import org.junit.jupiter.api.Test;

/** Pooling and mean reduction, with ceil mode turned into end padding; shapes checked against ONNX Runtime. */
class PoolImportTest {

    @Test
    void averagePoolCountingPadding() {
        String ir = Ir.of(new OnnxModelBuilder(7).input("x", 1, 2, 7, 7).node("AveragePool", "x -> y",
                ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), attr("count_include_pad", 1))
                .output("y"));
        assertThat(ir).contains("%y = avg_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[1,1,1,1], count_include_pad=true, "
                + "layout=nchw} : f32[1,2,4,4] nchw");
    }

    @Test
    void maxPoolCeilModeBecomesEndPadding() {
        // floor: (6-3)/2+1 = 2, ceil: 3; the third window needs (3-1)*2 + 3 - 6 = 1 more row and column
        String ir = Ir.of(new OnnxModelBuilder(10).input("x", 1, 2, 6, 6).node("MaxPool", "x -> y",
                ints("kernel_shape", 3, 3), ints("strides", 2, 2), attr("ceil_mode", 1)).output("y"));
        assertThat(ir).contains("%y = max_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[0,0,1,1], layout=nchw} : f32[1,2,3,3] nchw");
    }

    @Test
    void ceilModeDropsAWindowThatWouldStartInThePadding() {
        // ceil((5+2-2)/2)+1 = 4, but the fourth window would start at 6 >= 5 + 1: three windows, no extra pad
        String ir = Ir.of(new OnnxModelBuilder(12).input("x", 1, 1, 5, 5).node("MaxPool", "x -> y",
                ints("kernel_shape", 2, 2), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), attr("ceil_mode", 1))
                .output("y"));
        assertThat(ir).contains("{kernel=[2,2], strides=[2,2], pads=[1,1,1,1], layout=nchw} : f32[1,1,3,3] nchw");
    }

    @Test
    void averagePoolCeilModeCountingNoPaddingStopsCounting() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 1, 2, 6, 6).node("AveragePool", "x -> y",
                ints("kernel_shape", 3, 3), ints("strides", 2, 2), attr("ceil_mode", 1), attr("count_include_pad", 1))
                .output("y"));
        assertThat(ir).contains("%y = avg_pool2d(%x) {kernel=[3,3], strides=[2,2], pads=[0,0,1,1], layout=nchw} : f32[1,2,3,3] nchw");
    }

    @Test
    void averagePoolCeilModeCountingRealPaddingIsRefused() {
        Ir.fails(new OnnxModelBuilder(11).input("x", 1, 2, 6, 6).node("AveragePool", "x -> y",
                ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), attr("ceil_mode", 1),
                attr("count_include_pad", 1)).output("y"))
                .hasMessageContaining("(AveragePool, ai.onnx opset 11)").hasMessageContaining("ceil_mode");
    }

    @Test
    void autoPadSameUpperPooling() {
        String ir = Ir.of(new OnnxModelBuilder(11).input("x", 1, 1, 5, 5).node("MaxPool", "x -> y",
                ints("kernel_shape", 2, 2), ints("strides", 2, 2), attr("auto_pad", "SAME_UPPER")).output("y"));
        assertThat(ir).contains("pads=[0,0,1,1], layout=nchw} : f32[1,1,3,3] nchw");
    }

    @Test
    void maxPoolRefusesWhatTheIrCannotSay() {
        Ir.fails(new OnnxModelBuilder(12).input("x", 1, 1, 6, 6).node("MaxPool", "x -> y",
                ints("kernel_shape", 2, 2), ints("dilations", 2, 2)).output("y")).hasMessageContaining("dilations");
        Ir.fails(new OnnxModelBuilder(12).input("x", 1, 1, 6, 6).node("MaxPool", "x -> y",
                ints("kernel_shape", 2, 2), attr("storage_order", 1)).output("y")).hasMessageContaining("storage_order");
        Ir.fails(new OnnxModelBuilder(12).input("x", 1, 1, 6, 6).node("MaxPool", "x -> y,idx",
                ints("kernel_shape", 2, 2)).output("y").output("idx")).hasMessageContaining("Indices output 'idx'");
    }

    @Test
    void unusedIndicesOutputIsFine() {
        String ir = Ir.of(new OnnxModelBuilder(12).input("x", 1, 1, 6, 6).node("MaxPool", "x -> y,idx",
                ints("kernel_shape", 2, 2), ints("strides", 2, 2)).output("y"));
        assertThat(ir).contains("%y = max_pool2d(%x) {kernel=[2,2], strides=[2,2], layout=nchw} : f32[1,1,3,3] nchw");
    }

    @Test
    void globalPooling() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 3, 5, 7).node("GlobalAveragePool", "x -> a")
                .node("GlobalMaxPool", "x -> m").output("a").output("m"));
        assertThat(ir).contains("%a = mean(%x) {axes=[2,3], keep_dims=true} : f32[1,3,1,1] nchw")
                .contains("%m = max_pool2d(%x) {kernel=[5,7], layout=nchw} : f32[1,3,1,1] nchw");
    }

    @Test
    void reduceMeanAxesAttributeBefore18() {
        String ir = Ir.of(new OnnxModelBuilder(13).input("x", 1, 3, 5, 7)
                .node("ReduceMean", "x -> y", ints("axes", -1, -2), attr("keepdims", 0)).output("y"));
        assertThat(ir).contains("%y = mean(%x) {axes=[2,3], keep_dims=false} : f32[1,3]");
    }

    @Test
    void reduceMeanAxesInputFrom18() {
        String ir = Ir.of(new OnnxModelBuilder(18).input("x", 1, 3, 5, 7).initializer("axes", new long[] {2, 3}, 2)
                .node("ReduceMean", "x,axes -> y").output("y"));
        assertThat(ir).contains("%y = mean(%x) {axes=[2,3], keep_dims=true} : f32[1,3,1,1] nchw");
    }
}
