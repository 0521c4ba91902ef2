package dev.mnc.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.passes.testing.GoldenFile;
import dev.mnc.passes.testing.PassTester;
import dev.mnc.passes.testing.ReferenceEvaluator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs every golden file under {@code dev/mnc/passes/golden}, one dynamic test per case. */
class GoldenTest {
    private static final PassTester TESTER = new PassTester(PassRegistry.builtins(), new ReferenceEvaluator());

    static Path goldenDir() throws URISyntaxException {
        return Path.of(GoldenTest.class.getResource("golden").toURI());
    }

    static List<GoldenFile> files() throws IOException, URISyntaxException {
        List<GoldenFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(goldenDir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".mncir")).sorted().toList()) {
                out.add(GoldenFile.parse(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenFile f : files()) {
            for (GoldenFile.Case c : f.cases()) {
                tests.add(DynamicTest.dynamicTest(f.name() + ": " + c.name(), () -> TESTER.check(f, c)));
            }
        }
        return tests.stream();
    }

    @Test
    void everyBuiltinPassHasAGoldenFileWithPositiveAndNegativeCases() throws IOException, URISyntaxException {
        List<GoldenFile> files = files();
        for (Pass p : BuiltinPasses.all()) {
            String name = p.info().name() + ".mncir";
            GoldenFile f = files.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
            assertThat(f).as("golden file for " + p.info().name()).isNotNull();
            assertThat(f.run()).as(name + " RUN line").startsWith(p.info().name());
            assertThat(f.cases()).as(name + " has a positive case")
                    .anyMatch(c -> c.kind() == GoldenFile.Kind.GRAPH);
            if (!p.info().name().equals("dead-code")) {
                assertThat(f.cases()).as(name + " has a negative case")
                        .anyMatch(c -> c.kind() == GoldenFile.Kind.UNCHANGED || !c.events().isEmpty());
            }
        }
    }
}
