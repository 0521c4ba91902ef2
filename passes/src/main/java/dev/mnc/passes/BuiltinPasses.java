package dev.mnc.passes;

import java.util.List;

/**
 * Every pass shipped with mnc, in one place, and the default pipelines built from them.
 *
 * <p>The default pipeline, the same for both targets except for the model I/O layout, in this
 * order, for these reasons:
 * <ol>
 * <li>{@code remove-identity}: Dropout and Identity would hide every pattern below.</li>
 * <li>{@code fold-constants}: weights and shapes computed by data-movement chains become plain
 *     constants that the patterns can read.</li>
 * <li>{@code recognize-hard-sigmoid}, then {@code recognize-hard-swish}: before anything fuses
 *     their clip(0,6) into an add's activation; hard sigmoid first so x*hard_sigmoid(x) forms are
 *     one shape for the swish pass.</li>
 * <li>{@code fold-batchnorm}: before fuse-activation (conv, batch_norm, relu6 must become conv,
 *     relu6) and before matmul-to-fully-connected (a batch_norm folded into a matmul leaves a bias
 *     add for it).</li>
 * <li>{@code matmul-to-fully-connected}.</li>
 * <li>{@code fold-pad}: merges explicit pads while they are still next to their conv.</li>
 * <li>{@code layout-nhwc}: after the graph is small; its rules then see fused and folded ops.</li>
 * <li>{@code fold-constants} again: anything layout-nhwc left on constants.</li>
 * <li>{@code fuse-activation}: last of the rewrites, on the final ops.</li>
 * <li>{@code dead-code}.</li>
 * </ol>
 */
public final class BuiltinPasses {
    private BuiltinPasses() {}

    /** One instance of each built-in pass, in a stable order. */
    public static List<Pass> all() {
        return List.of(new RemoveIdentity(), new FoldConstants(), new RecognizeHardSigmoid(), new RecognizeHardSwish(),
                new FoldBatchNorm(), new MatMulToFullyConnected(), new FoldPad(), new LayoutNhwc(),
                new FuseActivation(), new DeadCode());
    }

    /** The default pipeline for {@code target}; pass names are resolved among the built-ins. */
    public static Pipeline defaultPipeline(Target target, PipelineOptions options) {
        IoLayout io = options.ioLayout().orElse(target.defaultIoLayout());
        List<Pass> passes = List.of(new RemoveIdentity(), new FoldConstants(), new RecognizeHardSigmoid(),
                new RecognizeHardSwish(), new FoldBatchNorm(), new MatMulToFullyConnected(), new FoldPad(),
                new LayoutNhwc(io), new FoldConstants(), new FuseActivation(), new DeadCode());
        String name = target.name().toLowerCase(java.util.Locale.ROOT) + "-default";
        return new Pipeline(name, "the default pipeline for " + name.replace("-default", "") + " (model I/O "
                + io.name().toLowerCase(java.util.Locale.ROOT) + ")", passes, PassRegistry.builtins());
    }
}
