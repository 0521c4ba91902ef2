package dev.mnc.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.text.IrParser;
import dev.mnc.passes.instrument.VerifyEach;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private final List<String> log = new ArrayList<>();

    private static Graph graph() {
        return IrParser.parse("""
                graph @g(%x: f32[1,4]) {
                  %y = relu(%x)
                  return %y
                }
                """);
    }

    /** Logs the instrument callbacks it receives. */
    private final class Tracer implements PassInstrument {
        private final String tag;

        Tracer(String tag) {
            this.tag = tag;
        }

        @Override
        public void runStarted(Graph g) {
            log.add(tag + ":start");
        }

        @Override
        public void beforePass(Pass p, Graph g) {
            log.add(tag + ":before " + p.info().name());
        }

        @Override
        public void afterPass(Pass p, Graph g, PassResult r) {
            log.add(tag + ":after " + p.info().name());
        }

        @Override
        public void passFailed(Pass p, Graph g, RuntimeException e) {
            log.add(tag + ":failed " + p.info().name());
        }

        @Override
        public void passSkipped(Pass p, String reason) {
            log.add(tag + ":skipped " + p.info().name() + " (" + reason + ")");
        }

        @Override
        public void runFinished(Graph g, boolean ok) {
            log.add(tag + ":finished " + ok);
        }
    }

    @Test
    void runsInOrderSkipsDisabledAndCallsInstrumentsAroundNestedPipelines() {
        Pipeline inner = Pipeline.of("inner", new RecordingPass("b", log), new RecordingPass("c", log));
        Pipeline outer = Pipeline.of("outer", new RecordingPass("a", log), inner, new RecordingPass("d", log));
        PassContext ctx = PassContext.builder().disable("c").instrument(new Tracer("t")).build();
        PassResult r = outer.run(graph(), ctx);
        assertThat(log).containsExactly("t:start", "t:before outer", "t:before a", "a", "t:after a",
                "t:before inner", "t:before b", "b", "t:after b", "t:skipped c (pass 'c' is disabled)",
                "t:after inner", "t:before d", "d", "t:after d", "t:after outer", "t:finished true");
        assertThat(r.pass()).isEqualTo("outer");
        assertThat(r.children()).extracting(PassResult::pass).containsExactly("a", "inner", "d");
        assertThat(r.children().get(1).events()).singleElement().asString()
                .isEqualTo("skipped pipeline 'inner': pass 'c' is disabled");
    }

    @Test
    void requiredPassesRunFirstOnceAndFromTheLookup() {
        RecordingPass base = new RecordingPass("base", log);
        PassLookup lookup = name -> name.equals("base") ? Optional.of(base) : Optional.empty();
        Pipeline p = new Pipeline("p", "test", List.of(new RecordingPass("x", log, List.of("base"), g -> { }),
                new RecordingPass("y", log, List.of("base"), g -> { })), lookup);
        p.run(graph(), PassContext.defaults());
        assertThat(log).containsExactly("base", "x", "y");
    }

    @Test
    void requiredPassProblemsAreErrorsNamingBothPasses() {
        Pipeline unknown = Pipeline.of("p", new RecordingPass("x", log, List.of("nowhere"), g -> { }));
        assertThatThrownBy(() -> unknown.run(graph(), PassContext.defaults())).isInstanceOf(MncException.class)
                .hasMessage("pass 'x' requires 'nowhere', which is not a known pass");
        Pipeline disabled = Pipeline.of("p", new RecordingPass("x", log, List.of("y"), g -> { }),
                new RecordingPass("y", log));
        assertThatThrownBy(() -> disabled.run(graph(), PassContext.builder().disable("y").build()))
                .hasMessage("pass 'x' requires 'y', which is disabled; enable it or disable 'x' too");
        Pipeline cycle = Pipeline.of("p", new RecordingPass("x", log, List.of("y"), g -> { }),
                new RecordingPass("y", log, List.of("x"), g -> { }));
        assertThatThrownBy(() -> cycle.run(graph(), PassContext.defaults()))
                .hasMessage("passes require each other in a cycle: x -> y -> x");
    }

    @Test
    void aFailingPassIsNamedAndEveryInstrumentHearsOfIt() {
        Pipeline p = Pipeline.of("p", new RecordingPass("a", log),
                RecordingPass.failing("bad", log, "node 'Conv_1' (conv2d): weights are broken"),
                new RecordingPass("never", log));
        PassContext ctx = PassContext.builder().instrument(new Tracer("t")).instrument(new Tracer("u")).build();
        assertThatThrownBy(() -> p.run(graph(), ctx)).isInstanceOf(MncException.class)
                .hasMessage("pass 'bad': node 'Conv_1' (conv2d): weights are broken");
        assertThat(log).contains("t:failed bad", "u:failed bad", "t:failed p", "u:failed p", "t:finished false",
                "u:finished false").doesNotContain("never");
    }

    @Test
    void anInstrumentFailingBeforeAPassUnwindsTheInstrumentsBeforeIt() {
        PassInstrument refuses = new PassInstrument() {
            @Override
            public void beforePass(Pass p, Graph g) {
                if (p.info().name().equals("a")) {
                    throw new MncException("refused");
                }
            }
        };
        Pipeline p = Pipeline.of("p", new RecordingPass("a", log));
        PassContext ctx = PassContext.builder().instrument(new Tracer("t")).instrument(refuses)
                .instrument(new Tracer("u")).build();
        assertThatThrownBy(() -> p.run(graph(), ctx)).hasMessage("refused");
        assertThat(log).containsSubsequence("t:before a", "t:failed a").doesNotContain("u:before a", "u:failed a", "a");
    }

    @Test
    void verifyEachNamesThePassThatBrokeTheGraph() {
        RecordingPass breaker = new RecordingPass("breaker", log, List.of(),
                g -> g.nodes().get(0).output().setType(TensorType.f32(9)));
        Pipeline p = Pipeline.of("p", new RecordingPass("fine", log), breaker);
        assertThatThrownBy(() -> p.run(graph(), PassContext.builder().instrument(new VerifyEach()).build()))
                .isInstanceOf(MncException.class)
                .hasMessageStartingWith("pass 'breaker' left an invalid graph: graph 'g' is invalid: ")
                .hasMessageContaining("is typed f32[9] but infers to f32[1,4]");
        Graph bad = graph();
        bad.nodes().get(0).output().setType(TensorType.f32(9));
        assertThatThrownBy(() -> p.run(bad, PassContext.builder().instrument(new VerifyEach()).build()))
                .hasMessageStartingWith("the input graph is invalid before any pass ran");
    }

    @Test
    void optionsAreTypedAndDefaulted() {
        PassContext ctx = PassContext.builder().set(LayoutNhwc.IO_LAYOUT, IoLayout.NCHW).build();
        assertThat(ctx.get(LayoutNhwc.IO_LAYOUT)).isEqualTo(IoLayout.NCHW);
        assertThat(PassContext.defaults().get(LayoutNhwc.IO_LAYOUT)).isEqualTo(IoLayout.NHWC);
        assertThat(PassContext.defaults().find(LayoutNhwc.IO_LAYOUT)).isEmpty();
        assertThatThrownBy(() -> PassContext.builder().set("layout.io", "nchw"))
                .hasMessage("unknown pass option 'layout.io' (known: none)");
        PassOption<Double> ratio = PassOption.ofDouble("prune.ratio", "fraction of channels", 0.5, 0, 1);
        assertThat(PassContext.builder(null, List.of(ratio)).set("prune.ratio", "0.25").build().get(ratio))
                .isEqualTo(0.25);
        assertThatThrownBy(() -> ratio.parse("1.5")).hasMessage(
                "pass option prune.ratio cannot be '1.5' (allowed: a number in [0.0, 1.0])");
        assertThatThrownBy(() -> PassOption.ofBoolean("noDot", "x", true)).hasMessageContaining("group.key");
        assertThatThrownBy(() -> PassInfo.of("FoldBN", "x")).hasMessageContaining("is not kebab-case");
    }
}
