package dev.mnc.passes.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassInfo;
import dev.mnc.passes.PassRegistry;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstrumentsTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static Graph graph() {
        return IrParser.parse("""
                graph @g(%x: f32[1,2,4,4] nchw) {
                  %i = identity(%x)
                  %c = conv2d(%i, @w) {layout=nchw}
                  %y = clip(%c) {min=0, max=6}
                  return %y
                }
                const @w: f32[3,2,1,1] = random(seed=1)
                """);
    }

    private static final PassRegistry REGISTRY = PassRegistry.builtins();

    private String run(String spec, Object... instruments) {
        PassContext.Builder b = REGISTRY.contextBuilder();
        for (Object i : instruments) {
            b.instrument((dev.mnc.passes.PassInstrument) i);
        }
        REGISTRY.parse(spec).run(graph(), b.build());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printAfterAllPrintsParsableIrAfterEveryPassButNotAfterThePipeline() {
        String text = run("remove-identity,fuse-activation,dead-code", PrintAfter.all(out));
        assertThat(text.lines().filter(l -> l.startsWith("# ***")))
                .containsExactly("# *** IR after remove-identity ***", "# *** IR after fuse-activation ***",
                        "# *** IR after dead-code ***");
        String afterFuse = text.substring(text.indexOf("# *** IR after fuse-activation"),
                text.indexOf("# *** IR after dead-code"));
        Graph g = IrParser.parseLenient(afterFuse);
        assertThat(g.nodes()).singleElement().satisfies(n -> assertThat(n.op().attrs().toString())
                .contains("act=relu6"));
    }

    @Test
    void printAfterNamedPassesOnly() {
        String text = run("remove-identity,fuse-activation,dead-code", PrintAfter.passes(out, Set.of("fuse-activation")));
        assertThat(text.lines().filter(l -> l.startsWith("# ***"))).containsExactly("# *** IR after fuse-activation ***");
        assertThat(text).contains("act=relu6");
    }

    @Test
    void printChangedShowsTheInputThenOnlyPassesThatChangedTheText() {
        String text = run("dead-code,remove-identity,fold-pad,fuse-activation", new PrintChanged(out));
        assertThat(text.lines().filter(l -> l.startsWith("# ***"))).containsExactly("# *** input IR ***",
                "# *** IR after remove-identity (changed) ***", "# *** IR after fuse-activation (changed) ***");
    }

    @Test
    void timePassesTableAddsUpWithoutCountingNestedPipelinesTwice() {
        long[] now = {0};
        Pass slow = new Pass() {
            @Override
            public PassInfo info() {
                return PassInfo.of("slow", "takes 3 ms");
            }

            @Override
            public PassResult run(Graph g, PassContext c) {
                now[0] += 3_000_000;
                return PassResult.unchanged("slow");
            }
        };
        Pass quick = new Pass() {
            @Override
            public PassInfo info() {
                return PassInfo.of("quick", "takes 1 ms");
            }

            @Override
            public PassResult run(Graph g, PassContext c) {
                now[0] += 1_000_000;
                return PassResult.unchanged("quick");
            }
        };
        Pipeline p = Pipeline.of("outer", slow, Pipeline.of("inner", quick, quick));
        TimePasses timer = new TimePasses(out, () -> now[0]);
        p.run(graph(), PassContext.builder().instrument(timer).build());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("mnc pass timing report").contains("  Total wall time: 5.000 ms");
        assertThat(text.lines().filter(l -> l.matches("\\s+[0-9].*")).map(String::strip)).containsExactly(
                "3.000   60.0%      1  slow",
                "2.000   40.0%      2  quick",
                "0.000    0.0%      1  inner",
                "0.000    0.0%      1  outer",
                "5.000  100.0%         total");
    }

    @Test
    void timePassesStillPrintsWhenAPassFails() {
        Pass bad = new Pass() {
            @Override
            public PassInfo info() {
                return PassInfo.of("bad", "fails");
            }

            @Override
            public PassResult run(Graph g, PassContext c) {
                throw new MncException("broken");
            }
        };
        assertThatThrownBy(() -> Pipeline.of("p", bad).run(graph(),
                PassContext.builder().instrument(new TimePasses(out)).build())).hasMessage("pass 'bad': broken");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("(run failed)").contains("  bad");
    }

    @Test
    void dumpIrDirWritesNumberedFilesInRunOrder(@TempDir Path dir) throws Exception {
        Path d = dir.resolve("dumps");
        run("remove-identity,fold-batchnorm,fuse-activation,fold-batchnorm", new DumpIrDir(d, true));
        try (Stream<Path> s = Files.list(d)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("000-input.mncir",
                    "001-remove-identity.mncir", "002-fold-batchnorm.mncir", "003-fuse-activation.mncir",
                    "004-fold-batchnorm.mncir");
        }
        Graph last = IrParser.parse(Files.readString(d.resolve("004-fold-batchnorm.mncir")));
        assertThat(last.numNodes()).isEqualTo(1);
        assertThat(IrParser.parse(Files.readString(d.resolve("000-input.mncir"))).numNodes()).isEqualTo(3);
    }

    @Test
    void dumpIrDirThatCannotBeCreatedIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> run("dead-code", new DumpIrDir(file.resolve("sub"), false)))
                .isInstanceOf(MncException.class).hasMessageStartingWith("cannot create the IR dump folder");
    }

    @Test
    void rewriteLogPrintsEachPassAndItsEvents() {
        String text = run("fuse-activation", new RewriteLog(out));
        assertThat(text.lines().toList()).containsExactly("fuse-activation: changed, 1 applied, 0 skipped",
                "  applied node 'y' (clip): fused as act=relu6 into node 'c' (conv2d)");
        bytes.reset();
        PassContext ctx = REGISTRY.contextBuilder().disable("dead-code").instrument(new RewriteLog(out)).build();
        REGISTRY.parse("dead-code").run(graph(), ctx);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("dead-code: not run, pass 'dead-code' is disabled"
                + System.lineSeparator());
    }
}
