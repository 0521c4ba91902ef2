package dev.mnc.testdata.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a {@link FuzzCampaign}: counts per {@link Outcome}, overall and per mutator, the
 * slowest case and the largest allocation, the most common kinds of refusal (which checks the
 * damage reached), and every failing case with what it takes to replay it.
 */
public final class FuzzReport {
    /**
     * A case that crashed, hung or gave a bad message.
     *
     * @param index the case number ({@link FuzzConfig#replayOptions} replays it)
     * @param seed the seed file's name
     * @param mutator the mutator's name
     * @param detail what the mutator did
     * @param outcome how it failed
     * @param problem the exception's class, message and top frames, or what was wrong with the message
     * @param savedAs where the damaged file was written, or null if it could not be
     */
    public record Failure(int index, String seed, String mutator, String detail, Outcome outcome, String problem,
            Path savedAs) {}

    private final String campaign;
    private final FuzzConfig config;
    private final EnumMap<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
    private final Map<String, EnumMap<Outcome, Integer>> perMutator = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Integer> refusals = new HashMap<>();
    private long nanos;
    private long slowestNanos = -1;
    private int slowestCase = -1;
    private long maxAllocated = -1;
    private int maxAllocatedCase = -1;
    private int abandonedThreads;

    FuzzReport(String campaign, FuzzConfig config) {
        this.campaign = campaign;
        this.config = config;
    }

    void record(int index, String mutator, Outcome outcome, long caseNanos, long allocated) {
        totals.merge(outcome, 1, Integer::sum);
        perMutator.computeIfAbsent(mutator, m -> new EnumMap<>(Outcome.class)).merge(outcome, 1, Integer::sum);
        if (caseNanos > slowestNanos) {
            slowestNanos = caseNanos;
            slowestCase = index;
        }
        if (allocated > maxAllocated) {
            maxAllocated = allocated;
            maxAllocatedCase = index;
        }
    }

    /**
     * Counts a refusal by the shape of its message (names, numbers and the file's own name elided),
     * so that the summary shows which checks the damage reached.
     */
    void refused(String message) {
        String m = message.replaceAll("'[^']*'", "'_'").replaceAll("\\([^()]*\\)", "(_)").replaceAll("[0-9]+", "#");
        int colon = m.indexOf(": ");
        m = colon >= 0 && colon < 60 && m.indexOf(' ') > colon ? m.substring(colon + 2) : m;
        refusals.merge(m.length() > 90 ? m.substring(0, 90) + "..." : m, 1, Integer::sum);
    }

    void fail(Failure f) {
        failures.add(f);
    }

    void finish(long totalNanos, int abandoned) {
        this.nanos = totalNanos;
        this.abandonedThreads = abandoned;
    }

    public int cases() {
        return totals.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int count(Outcome o) {
        return totals.getOrDefault(o, 0);
    }

    public List<Failure> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** Fails (with every failing case and how to replay it) unless no case crashed, hung or gave a bad message. */
    public void assertNoFailures() {
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("fuzz " + campaign + ": " + failures.size() + " of " + cases()
                + " cases failed");
        for (Failure f : failures.subList(0, Math.min(20, failures.size()))) {
            sb.append("\n  case ").append(f.index()).append(" [").append(f.outcome().text()).append("] ")
                    .append(f.seed()).append(", ").append(f.mutator()).append(": ").append(f.detail())
                    .append("\n    replay: ").append(config.replayOptions(f.index()))
                    .append(f.savedAs() == null ? "" : "\n    input: " + f.savedAs())
                    .append("\n    ").append(f.problem().replace("\n", "\n    "));
        }
        throw new AssertionError(sb.toString());
    }

    /** A few lines: totals, time, slowest case, largest allocation, then a table per mutator. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "fuzz %s: %d cases in %.1f s (seed 0x%x, timeout %d s): %s%n", campaign,
                cases(), nanos / 1e9, config.seed(), config.timeout().toSeconds(), counts(totals)));
        sb.append(String.format(Locale.ROOT, "  slowest case %d (%.2f s); largest allocation %s (case %d)%s%n",
                slowestCase, slowestNanos / 1e9, maxAllocated < 0 ? "unknown" : (maxAllocated >> 20) + " MB",
                maxAllocatedCase, abandonedThreads == 0 ? "" : "; " + abandonedThreads + " hung threads abandoned"));
        for (Map.Entry<String, EnumMap<Outcome, Integer>> e : perMutator.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-28s %s%n", e.getKey(), counts(e.getValue())));
        }
        sb.append(String.format(Locale.ROOT, "  %d kinds of refusal; the most common:%n", refusals.size()));
        refusals.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey())));
        return sb.toString();
    }

    private static String counts(EnumMap<Outcome, Integer> m) {
        StringBuilder sb = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.text()).append(' ').append(m.getOrDefault(o, 0));
        }
        return sb.toString();
    }
}
