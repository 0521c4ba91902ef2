package dev.mnc.passes.instrument;

import dev.mnc.ir.Graph;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassInstrument;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.Pipeline;
import java.io.PrintStream;
import java.util.Set;

/**
 * {@code --print-after-all} and {@code --print-after=a,b}: prints the IR text form after every
 * pass, or after the named ones (a pipeline can be named too), under a
 * {@code # *** IR after NAME ***} header, which is a comment in the IR text so the output parses.
 */
public final class PrintAfter implements PassInstrument {
    private final PrintStream out;
    private final Set<String> names;

    private PrintAfter(PrintStream out, Set<String> names) {
        this.out = out;
        this.names = names;
    }

    /** After every pass (not after a pipeline, whose last pass already printed). */
    public static PrintAfter all(PrintStream out) {
        return new PrintAfter(out, null);
    }

    /** After each pass called one of {@code names}. */
    public static PrintAfter passes(PrintStream out, Set<String> names) {
        return new PrintAfter(out, Set.copyOf(names));
    }

    @Override
    public void afterPass(Pass pass, Graph graph, PassResult result) {
        boolean wanted = names == null ? !(pass instanceof Pipeline) : names.contains(pass.info().name());
        if (wanted) {
            out.print("# *** IR after " + pass.info().name() + " ***\n" + IrPrinter.print(graph));
            out.flush();
        }
    }
}
