package dev.mnc.passes.instrument;

import dev.mnc.ir.Graph;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassInstrument;
import dev.mnc.passes.PassResult;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code --time-passes}: wall time per pass, printed as a table when the run ends (also after a
 * failure). A timer stack as in LLVM's pass timing: while a nested pass runs, the enclosing
 * pipeline's timer does not count, so a pipeline's row holds only its own overhead and the rows
 * add up to the total. Passes that run several times (fold-constants) get one row with their run
 * count.
 *
 * <p>Table shape (times in milliseconds, slowest first):
 * <pre>
 * ===-------------------------------------------------------------===
 *                       mnc pass timing report
 * ===-------------------------------------------------------------===
 *   Total wall time: 12.345 ms
 *
 *    Wall (ms)       %   Runs  Pass
 *        8.000   64.8%      1  layout-nhwc
 *        ...
 *       12.345  100.0%         total
 * </pre>
 */
public final class TimePasses implements PassInstrument {
    private static final String RULE = "===-------------------------------------------------------------===";

    private final PrintStream out;
    private final LongSupplier clock;
    private final Deque<long[]> stack = new ArrayDeque<>();
    private final Map<String, long[]> totals = new LinkedHashMap<>();

    public TimePasses(PrintStream out) {
        this(out, System::nanoTime);
    }

    /** With a given nanosecond clock, so the table can be tested exactly. */
    TimePasses(PrintStream out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void runStarted(Graph graph) {
        stack.clear();
        totals.clear();
    }

    @Override
    public void beforePass(Pass pass, Graph graph) {
        // {start, nanos spent in nested passes}
        stack.push(new long[] {clock.getAsLong(), 0});
    }

    @Override
    public void afterPass(Pass pass, Graph graph, PassResult result) {
        stop(pass);
    }

    @Override
    public void passFailed(Pass pass, Graph graph, RuntimeException error) {
        stop(pass);
    }

    private void stop(Pass pass) {
        long[] frame = stack.pop();
        long elapsed = clock.getAsLong() - frame[0];
        long own = elapsed - frame[1];
        long[] t = totals.computeIfAbsent(pass.info().name(), k -> new long[2]);
        t[0] += own;
        t[1]++;
        if (!stack.isEmpty()) {
            stack.peek()[1] += elapsed;
        }
    }

    @Override
    public void runFinished(Graph graph, boolean succeeded) {
        long total = 0;
        for (long[] t : totals.values()) {
            total += t[0];
        }
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(totals.entrySet());
        rows.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        StringBuilder sb = new StringBuilder();
        sb.append(RULE).append('\n');
        sb.append("                      mnc pass timing report\n");
        sb.append(RULE).append('\n');
        sb.append(String.format(Locale.ROOT, "  Total wall time: %.3f ms%s%n%n", total / 1e6,
                succeeded ? "" : " (run failed)"));
        sb.append("   Wall (ms)       %   Runs  Pass\n");
        for (Map.Entry<String, long[]> r : rows) {
            long ns = r.getValue()[0];
            sb.append(String.format(Locale.ROOT, "%12.3f  %5.1f%%  %5d  %s%n", ns / 1e6, percent(ns, total),
                    r.getValue()[1], r.getKey()));
        }
        sb.append(String.format(Locale.ROOT, "%12.3f  %5.1f%%         total%n", total / 1e6, 100.0));
        out.print(sb);
        out.flush();
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }
}
