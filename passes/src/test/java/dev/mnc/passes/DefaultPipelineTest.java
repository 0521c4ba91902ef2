package dev.mnc.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.Node;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Activation;
import dev.mnc.ir.ops.Binary;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.instrument.VerifyEach;
import dev.mnc.passes.testing.PassTester;
import dev.mnc.passes.testing.ReferenceEvaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MobileNet-shaped NCHW graphs through the default pipelines: structure asserted, numbers compared. */
class DefaultPipelineTest {
    private static final PassTester NUMBERS = new PassTester(PassRegistry.builtins(), new ReferenceEvaluator());

    private static PassResult optimize(Graph g, Target target, PipelineOptions options) {
        Pipeline p = BuiltinPasses.defaultPipeline(target, options);
        return p.run(g, PassContext.builder().instrument(new VerifyEach()).build());
    }

    private static long count(Graph g, String op) {
        return g.nodes().stream().filter(n -> n.op().name().equals(op)).count();
    }

    /** A relu or activation clip whose producer could have taken it as a fused activation. */
    private static List<Node> fusableLeft(Graph g) {
        return g.nodes().stream().filter(n -> {
            boolean act = n.op() instanceof Relu
                    || n.op() instanceof Clip c && Activation.forBounds(c.min(), c.max()) != null;
            Node p = act ? n.input(0).producer() : null;
            return p != null && (p.op() instanceof Conv2d || p.op() instanceof FullyConnected
                    || p.op() instanceof Binary) && n.input(0).users().size() == 1;
        }).toList();
    }

    @Test
    void mobileNetV2ForTfliteHasNoTransposeNoBatchNormAndFusedActivations() {
        Graph g = MobileNetGraphs.mobileNetV2();
        Graph original = g.copy();
        long convs = count(g, "conv2d");
        optimize(g, Target.TFLITE, PipelineOptions.defaults());
        Verifier.verify(g);
        String ir = IrPrinter.print(g);
        assertThat(count(g, "transpose")).as(ir).isZero();
        assertThat(count(g, "batch_norm")).as(ir).isZero();
        assertThat(count(g, "identity")).as(ir).isZero();
        assertThat(fusableLeft(g)).as(ir).isEmpty();
        assertThat(count(g, "conv2d")).isEqualTo(convs);
        assertThat(count(g, "clip")).as(ir).isZero();
        assertThat(count(g, "add")).as("the two residual adds").isEqualTo(2);
        assertThat(g.nodes()).filteredOn(n -> n.op() instanceof Conv2d)
                .allMatch(n -> ((Conv2d) n.op()).layout() == Layout.NHWC);
        assertThat(g.inputs().get(0).type().toString()).isEqualTo("f32[1,16,16,3] nhwc");
        assertThat(g.outputs().get(0).name()).isEqualTo("output");
        assertThat(g.outputs().get(0).shape().toString()).isEqualTo("[1,10]");
        NUMBERS.assertSameResults("mobilenetv2 tflite", original, g, 7);
    }

    @Test
    void mobileNetV2ForNativeKeepsNchwInputWithOneTransposeAtTheBoundary() {
        Graph g = MobileNetGraphs.mobileNetV2();
        Graph original = g.copy();
        optimize(g, Target.NATIVE, PipelineOptions.defaults());
        assertThat(g.inputs().get(0).type().toString()).isEqualTo("f32[1,3,16,16] nchw");
        assertThat(count(g, "transpose")).as(IrPrinter.print(g)).isEqualTo(1);
        assertThat(g.nodes().get(0).op().name()).isEqualTo("transpose");
        NUMBERS.assertSameResults("mobilenetv2 native", original, g, 8);
    }

    @Test
    void mobileNetV3SmallGetsHardSwishHardSigmoidAndNoTranspose() {
        Graph g = MobileNetGraphs.mobileNetV3Small();
        Graph original = g.copy();
        PassResult r = optimize(g, Target.TFLITE, PipelineOptions.defaults());
        String ir = IrPrinter.print(g);
        assertThat(count(g, "transpose")).as(ir).isZero();
        assertThat(count(g, "batch_norm")).as(ir).isZero();
        assertThat(count(g, "hard_swish")).as(ir).isEqualTo(5);
        assertThat(count(g, "hard_sigmoid")).as(ir).isEqualTo(2);
        assertThat(count(g, "clip") + count(g, "div") + count(g, "matmul")).as(ir).isZero();
        assertThat(count(g, "fully_connected")).as(ir).isEqualTo(1);
        assertThat(count(g, "mean")).as(ir).isEqualTo(3);
        assertThat(fusableLeft(g)).as(ir).isEmpty();
        assertThat(r.changed()).isTrue();
        NUMBERS.assertSameResults("mobilenetv3 tflite", original, g, 9);
    }

    @Test
    void explicitIoLayoutOverridesTheTargetDefault() {
        Graph g = MobileNetGraphs.mobileNetV2();
        optimize(g, Target.TFLITE, PipelineOptions.defaults().withIoLayout(IoLayout.NCHW));
        assertThat(g.inputs().get(0).type().layout()).isEqualTo(Layout.NCHW);

        Graph h = MobileNetGraphs.mobileNetV2();
        Pipeline p = BuiltinPasses.defaultPipeline(Target.NATIVE, PipelineOptions.defaults());
        p.run(h, PassRegistry.builtins().contextBuilder().set("layout.io", "nhwc").build());
        assertThat(h.inputs().get(0).type().layout()).isEqualTo(Layout.NHWC);
        assertThat(count(h, "transpose")).isZero();
    }

    @Test
    void theDefaultPipelineRunsEveryPassOnceExceptFoldConstantsTwice() {
        Pipeline p = BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults());
        assertThat(p.passes()).extracting(x -> x.info().name()).containsExactly("remove-identity", "fold-constants",
                "recognize-hard-sigmoid", "recognize-hard-swish", "fold-batchnorm", "matmul-to-fully-connected",
                "fold-pad", "layout-nhwc", "fold-constants", "fuse-activation", "dead-code");
        assertThat(p.info().name()).isEqualTo("tflite-default");
    }

    @Test
    void secondRunOfTheDefaultPipelineChangesNothing() {
        Graph g = MobileNetGraphs.mobileNetV3Small();
        optimize(g, Target.TFLITE, PipelineOptions.defaults());
        String once = IrPrinter.full(g);
        PassResult again = optimize(g, Target.TFLITE, PipelineOptions.defaults());
        assertThat(IrPrinter.full(g)).isEqualTo(once);
        assertThat(again.changed()).isFalse();
    }
}
