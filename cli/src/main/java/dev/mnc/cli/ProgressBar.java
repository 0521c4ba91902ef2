package dev.mnc.cli;

import dev.mnc.passes.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for calibration, redrawn in place with a carriage return. Drawn only
 * when stderr is a terminal: in a build log or a pipe, progress lines would be noise.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final long start = System.nanoTime();
    private String lastPhase;
    private int lastFilled = -1;

    private ProgressBar(PrintStream err) {
        this.err = err;
    }

    /** A bar on {@code err} when the process has a terminal and the user did not ask for quiet. */
    static ProgressListener forTerminal(PrintStream err, boolean quiet) {
        return quiet || System.console() == null ? ProgressListener.NONE : new ProgressBar(err);
    }

    @Override
    public void progress(String phase, int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        if (phase.equals(lastPhase) && filled == lastFilled && done != total) {
            return;
        }
        if (lastPhase != null && !phase.equals(lastPhase)) {
            err.print('\n');
        }
        lastPhase = phase;
        lastFilled = filled;
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "\r%-16s [%s%s] %d/%d  %.0f s", phase, "#".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, seconds);
        if (done == total) {
            err.print('\n');
            lastPhase = null;
        }
        err.flush();
    }
}
