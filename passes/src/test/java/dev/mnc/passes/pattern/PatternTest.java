package dev.mnc.passes.pattern;

import static dev.mnc.passes.pattern.Pattern.any;
import static dev.mnc.passes.pattern.Pattern.constant;
import static dev.mnc.passes.pattern.Pattern.op;
import static dev.mnc.passes.pattern.Pattern.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.ops.Clip;
import dev.mnc.ir.ops.Relu;
import dev.mnc.ir.text.IrParser;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.RewriteEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatternTest {
    private static final Graph G = IrParser.parse("""
            graph @g(%x: f32[4], %z: f32[4]) {
              %a = add(@three, %x)
              %c = clip(%a) {min=0, max=6}
              %m = mul(%c, %x)
              %n = mul(%c, %z)
              return %m, %n
            }
            const @three: f32[] = [3]
            """);

    private static Node node(String out) {
        return G.value(out).orElseThrow().producer();
    }

    private static final Pattern SWISH = op("mul", value("x"),
            op("clip", op("add", value("x"), constant("k")).commutative()).as("clip")
                    .where(Clip.class, c -> c.min() == 0 && c.max() == 6)).commutative();

    @Test
    void commutativeOperandsAndSharedLeavesMatch() {
        Match m = SWISH.match(node("m")).orElseThrow();
        assertThat(m.value("x").name()).isEqualTo("x");
        assertThat(m.constant("k").getDouble(0)).isEqualTo(3.0);
        assertThat(m.node("clip").output().name()).isEqualTo("c");
        assertThat(m.root()).isSameAs(node("m"));
        assertThat(m.interior()).extracting(n -> n.output().name()).containsExactly("c", "a");
    }

    @Test
    void aLeafNameUsedTwiceMustBindTheSameValue() {
        assertThat(SWISH.match(node("n"))).as("mul reads %z, the add reads %x").isEmpty();
        assertThat(op("mul", any(), any()).match(node("n"))).isPresent();
    }

    @Test
    void attributePredicatesAndArityDecide() {
        Pattern relu6 = op("clip", any()).where(Clip.class, c -> c.max() == 4);
        assertThat(relu6.match(node("c"))).isEmpty();
        assertThat(op("clip").match(node("c"))).as("no input patterns: any inputs").isPresent();
        assertThat(op("clip", any(), any()).match(node("c"))).isEmpty();
        assertThat(op("add", constant("k"), value("v")).match(node("a"))).isPresent();
        assertThat(op("add", value("v"), constant("k")).match(node("a"))).as("not commutative").isEmpty();
    }

    @Test
    void multiUseNamesTheSharedIntermediate() {
        Match m = SWISH.match(node("m")).orElseThrow();
        assertThat(m.multiUse(G)).contains("intermediate %c has 2 users");
    }

    @Test
    void onlyOpPatternsTakeModifiers() {
        assertThatThrownBy(() -> value("x").commutative()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> op("relu", any()).commutative()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SWISH.match(node("m")).orElseThrow().node("nope"))
                .hasMessageContaining("binds no node 'nope'");
    }

    @Test
    void rewriterReachesAFixedPointAndReportsFinalSkipsOnce() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[4]) {
                  %a = relu(%x)
                  %b = relu(%a)
                  %c = relu(%b)
                  %d = sigmoid(%c)
                  return %d
                }
                """);
        RewriteRule<Node> collapse = new RewriteRule<>() {
            @Override
            public Optional<Node> match(Node n) {
                return n.op() instanceof Relu && n.input(0).producer() != null
                        && n.input(0).producer().op() instanceof Relu ? Optional.of(n) : Optional.empty();
            }

            @Override
            public RewriteEvent rewrite(Node n, Graph graph) {
                graph.replaceAllUses(n.output(), n.input(0));
                graph.removeNode(n);
                return RewriteEvent.applied(n, "relu of relu");
            }
        };
        RewriteRule<Node> declineSigmoid = new RewriteRule<>() {
            @Override
            public Optional<Node> match(Node n) {
                return n.op().name().equals("sigmoid") ? Optional.of(n) : Optional.empty();
            }

            @Override
            public RewriteEvent rewrite(Node n, Graph graph) {
                return RewriteEvent.skipped(n, "never");
            }
        };
        PassResult.Builder r = PassResult.builder("test");
        assertThat(Rewriter.toFixedPoint(g, r, List.of(collapse, declineSigmoid))).isEqualTo(2);
        PassResult result = r.build();
        assertThat(g.numNodes()).isEqualTo(2);
        assertThat(result.applied()).isEqualTo(2);
        assertThat(result.events()).filteredOn(e -> e instanceof RewriteEvent.Skipped).singleElement().asString()
                .isEqualTo("skipped node 'd' (sigmoid): never");
    }

    @Test
    void aRuleThatNeverSettlesIsABugReport() {
        Graph g = IrParser.parse("""
                graph @g(%x: f32[4]) {
                  %a = relu(%x)
                  return %a
                }
                """);
        RewriteRule<Node> flip = new RewriteRule<>() {
            @Override
            public Optional<Node> match(Node n) {
                return Optional.of(n);
            }

            @Override
            public RewriteEvent rewrite(Node n, Graph graph) {
                Node fresh = graph.addNode(n.op() instanceof Relu ? new Clip(0, Float.POSITIVE_INFINITY) : new Relu(),
                        List.of(n.input(0)), null, List.of());
                graph.replaceAllUses(n.output(), fresh.output());
                graph.removeNode(n);
                return RewriteEvent.applied(n, "flipped");
            }
        };
        assertThatThrownBy(() -> Rewriter.toFixedPoint(g, PassResult.builder("t"), List.of(flip)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not reach a fixed point");
    }
}
