package dev.mnc.passes.instrument;

import dev.mnc.ir.Graph;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassInstrument;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.Pipeline;
import java.io.PrintStream;

/**
 * {@code --print-changed}: prints the input IR once, then the IR after each pass whose run changed
 * its text form; passes that changed nothing print nothing.
 */
public final class PrintChanged implements PassInstrument {
    private final PrintStream out;
    private String last;

    public PrintChanged(PrintStream out) {
        this.out = out;
    }

    @Override
    public void runStarted(Graph graph) {
        last = IrPrinter.print(graph);
        out.print("# *** input IR ***\n" + last);
        out.flush();
    }

    @Override
    public void afterPass(Pass pass, Graph graph, PassResult result) {
        if (pass instanceof Pipeline) {
            return;
        }
        String now = IrPrinter.print(graph);
        if (!now.equals(last)) {
            out.print("# *** IR after " + pass.info().name() + " (changed) ***\n" + now);
            out.flush();
            last = now;
        }
    }
}
