package dev.mnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Runs the command line in-process, as {@code ./mnc} would, capturing its exit code and streams. */
final class CliRunner {
    private CliRunner() {}

    record Result(int code, String out, String err) {}

    static Result mnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = MncCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Exit 1, one line naming the problem, no stack trace, and (when given) no output file nor temporary. */
    static void assertFailsCleanly(Result r, String messagePart, Path mustNotExist) {
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("mnc: error: ").contains(messagePart).doesNotContain("\tat ");
        if (mustNotExist != null) {
            assertThat(mustNotExist).doesNotExist();
            Path parent = mustNotExist.toAbsolutePath().getParent();
            if (Files.isDirectory(parent)) {
                try (Stream<Path> s = Files.list(parent)) {
                    assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
