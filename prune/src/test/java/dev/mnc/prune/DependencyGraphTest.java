package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each coupling kind on a small graph: which tensors a group spans, which layers it slices, what pins it. */
class DependencyGraphTest {

    private static ChannelGroup only(DependencyGraph deps, String value) {
        List<ChannelGroup> gs = deps.groupsOf(value);
        assertThat(gs).as("groups of %" + value).hasSize(1);
        return gs.get(0);
    }

    @Test
    void residualAddTiesAllItsOperands() {
        DependencyGraph deps = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.RESIDUAL));
        ChannelGroup g = only(deps, "sum");
        assertThat(g.values()).containsExactly("stem", "branch", "sum");
        assertThat(g.channels()).isEqualTo(16);
        assertThat(g.prunable()).isTrue();
        assertThat(g.name()).isEqualTo("stem+1");
        // stem's filters, branch's input and output channels (and bias), head's input channels.
        assertThat(g.layers()).containsExactly("stem", "branch", "head");
    }

    @Test
    void depthwiseTiesItsInputAndOutputAndBatchNormGoesAlong() {
        DependencyGraph deps = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.DEPTHWISE));
        ChannelGroup g = only(deps, "d");
        assertThat(g.values()).containsExactly("e", "n", "r", "d", "a");
        assertThat(g.layers()).containsExactly("expand", "bn", "dw", "project");
        assertThat(g.prunable()).isTrue();
    }

    @Test
    void depthwiseMultiplierKeepsEachInputWithItsOutputs() {
        DependencyGraph deps = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.MULTIPLIER));
        ChannelGroup g = only(deps, "d");
        assertThat(g.values()).containsExactly("e", "d");
        assertThat(g.channels()).as("one channel per input channel, each with its 2 outputs").isEqualTo(8);
    }

    @Test
    void squeezeExciteTiesTheExciteOutputToTheTrunk() {
        DependencyGraph deps = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.SQUEEZE_EXCITE));
        ChannelGroup trunk = only(deps, "t");
        assertThat(trunk.values()).containsExactly("t", "p", "e0", "e1", "h", "scaled");
        assertThat(trunk.layers()).containsExactly("trunk", "squeeze", "excite", "excite_bias", "out");
        assertThat(trunk.prunable()).isTrue();
        ChannelGroup squeeze = only(deps, "s2");
        assertThat(squeeze.values()).containsExactly("s0", "s1", "s2");
        assertThat(squeeze.channels()).isEqualTo(4);
        assertThat(squeeze.layers()).containsExactly("squeeze", "squeeze_bias", "excite");
    }

    @Test
    void concatMapsEachBranchToItsOffset() {
        DependencyGraph deps = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.CONCAT));
        List<ChannelGroup> cat = deps.groupsOf("c");
        assertThat(cat).extracting(ChannelGroup::name).containsExactly("left", "right");
        assertThat(cat).extracting(ChannelGroup::channels).containsExactly(8, 12);
        assertThat(cat.get(0).values()).containsExactly("a", "ra", "c");
        assertThat(cat.get(1).values()).containsExactly("b", "c");
        assertThat(cat).allSatisfy(g -> assertThat(g.layers()).contains("fuse"));
    }

    @Test
    void classifierFeaturesFollowThroughPoolingAndFlatten() {
        DependencyGraph deps = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.CLASSIFIER));
        ChannelGroup g = only(deps, "v");
        assertThat(g.values()).containsExactly("f", "r", "p", "v");
        assertThat(g.layers()).containsExactly("features", "classifier");
        assertThat(g.prunable()).isTrue();

        DependencyGraph flat = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.FLATTEN));
        ChannelGroup f = only(flat, "v");
        assertThat(f.values()).containsExactly("f", "v");
        assertThat(f.channels()).as("each conv channel owns 4 flattened features").isEqualTo(8);
    }

    @Test
    void groupsTouchingGraphInputsOrOutputsAreNotPrunable() {
        DependencyGraph deps = DependencyGraph.build(SmallGraphs.parse(SmallGraphs.CLASSIFIER));
        ChannelGroup logits = only(deps, "y");
        assertThat(logits.prunable()).isFalse();
        assertThat(logits.reason()).isEqualTo("graph output y");
        ChannelGroup input = only(deps, "x");
        assertThat(input.prunable()).isFalse();
        assertThat(input.reason()).isEqualTo("graph input x");
    }

    @Test
    void opsThatMixChannelsPinThem() {
        Graph g = SmallGraphs.parse("""
                graph @mix(%x: f32[1,4,4,4] nchw) {
                  %a = conv2d(%x, @wa) {layout=nchw} loc("a")
                  %g = conv2d(%a, @wg) {group=2, layout=nchw} loc("grouped")
                  %s = softmax(%g) {axis=1} loc("softmax")
                  %y = conv2d(%s, @wy) {layout=nchw} loc("y")
                  return %y
                }
                const @wa: f32[8,4,1,1] = random(seed=1)
                const @wg: f32[8,4,1,1] = random(seed=2)
                const @wy: f32[2,8,1,1] = random(seed=3)
                """);
        DependencyGraph deps = DependencyGraph.build(g);
        assertThat(only(deps, "a").reason()).isEqualTo("node 'grouped' (conv2d) is a grouped conv (group 2) whose"
                + " channels interact within each group");
        assertThat(only(deps, "g").reason()).contains("grouped");
        assertThat(only(deps, "s").reason()).contains("softmax");
        assertThat(deps.groups()).noneMatch(ChannelGroup::prunable);
    }

    @Test
    void softmaxOverChannelsPins() {
        Graph g = SmallGraphs.parse("""
                graph @sm(%x: f32[1,4,4,4] nchw) {
                  %a = conv2d(%x, @wa) {layout=nchw} loc("a")
                  %s = softmax(%a) {axis=1} loc("softmax")
                  %y = conv2d(%s, @wy) {layout=nchw} loc("y")
                  return %y
                }
                const @wa: f32[8,4,1,1] = random(seed=1)
                const @wy: f32[2,8,1,1] = random(seed=3)
                """);
        assertThat(only(DependencyGraph.build(g), "a").reason())
                .isEqualTo("node 'softmax' (softmax) normalizes over the channel axis");
    }

    @Test
    void skippedLayersKeepTheirOutputChannels() {
        Graph g = SmallGraphs.parse(SmallGraphs.DEPTHWISE);
        DependencyGraph deps = DependencyGraph.build(g, Set.of("dw"));
        assertThat(only(deps, "e").prunable()).isFalse();
        assertThat(only(deps, "e").reason()).isEqualTo("layer dw is skipped");

        assertThatThrownBy(() -> DependencyGraph.build(g, Set.of("dw", "Conv_99")))
                .isInstanceOf(MncException.class)
                .hasMessageContaining("--prune-skip names [Conv_99]")
                .hasMessageContaining("expand, dw, project");
    }

    @Test
    void groupsAreDeterministic() {
        Graph g = SmallGraphs.parse(SmallGraphs.SQUEEZE_EXCITE);
        assertThat(DependencyGraph.build(g).groups()).isEqualTo(DependencyGraph.build(g.copy()).groups());
    }
}
