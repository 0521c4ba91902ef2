package dev.mnc.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Adapts picocli's writers (which tests replace with StringWriters) to the PrintStreams that the
 * driver's instruments write to.
 */
final class Streams {
    private Streams() {}

    static PrintStream printStream(PrintWriter w) {
        OutputStream os = new OutputStream() {
            private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                buf.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public void flush() {
                w.print(buf.toString(StandardCharsets.UTF_8));
                w.flush();
                buf.reset();
            }
        };
        return new PrintStream(os, true, StandardCharsets.UTF_8);
    }
}
