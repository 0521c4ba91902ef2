package dev.mnc.passes.instrument;

import dev.mnc.ir.Graph;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassInstrument;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.Pipeline;
import dev.mnc.passes.RewriteEvent;
import java.io.PrintStream;

/**
 * {@code --verbose}: after each pass, one summary line ({@code fold-batchnorm: changed, 35 applied,
 * 1 skipped}) and one line per rewrite event, applied or skipped with its reason.
 */
public final class RewriteLog implements PassInstrument {
    private final PrintStream out;

    public RewriteLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public void afterPass(Pass pass, Graph graph, PassResult result) {
        if (pass instanceof Pipeline) {
            return;
        }
        out.println(result);
        for (RewriteEvent e : result.events()) {
            out.println("  " + e);
        }
        out.flush();
    }

    @Override
    public void passSkipped(Pass pass, String reason) {
        out.println(pass.info().name() + ": not run, " + reason);
        out.flush();
    }
}
