package dev.mnc.testdata.fuzz;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * How many cases a campaign runs and how, from system properties (Maven passes {@code -D} options
 * on to the test JVM):
 *
 * <ul>
 *   <li>{@code mnc.fuzz.cases}: cases per campaign; unset, each test's CI default (small, so that
 *       all fuzz tests together take about a minute), e.g. {@code -Dmnc.fuzz.cases=10000} on demand;</li>
 *   <li>{@code mnc.fuzz.seed}: the campaign seed, decimal or {@code 0x} hex; fixed by default so CI
 *       runs the same cases every time;</li>
 *   <li>{@code mnc.fuzz.timeout}: seconds a single case may run before it counts as a hang (5);</li>
 *   <li>{@code mnc.fuzz.case}: run only this case number (a replay: the report prints the
 *       {@code -D} options that reproduce each failure);</li>
 *   <li>{@code mnc.fuzz.trace}: {@code true} prints each case before it runs, to find the case that
 *       takes the whole JVM down (an out-of-memory error outside the worker thread).</li>
 * </ul>
 *
 * <p>Case {@code i} draws all its randomness from {@link #caseSeed(long, int)}, a SplitMix64 hash of
 * the campaign seed and {@code i}, so any case replays alone without running the ones before it.
 *
 * @param cases number of cases (cases 0 to cases-1 are run, unless {@code only} is set)
 * @param seed the campaign seed
 * @param timeout per-case limit
 * @param only the single case to replay, if any
 * @param trace print each case before running it
 */
public record FuzzConfig(int cases, long seed, Duration timeout, OptionalInt only, boolean trace) {
    public static final String CASES = "mnc.fuzz.cases";
    public static final String SEED = "mnc.fuzz.seed";
    public static final String TIMEOUT = "mnc.fuzz.timeout";
    public static final String CASE = "mnc.fuzz.case";
    public static final String TRACE = "mnc.fuzz.trace";

    /** The campaign seed when {@code mnc.fuzz.seed} is unset. */
    public static final long DEFAULT_SEED = 0x6d6e63L;
    /** Seconds a case may run when {@code mnc.fuzz.timeout} is unset. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 5;

    public FuzzConfig {
        if (cases <= 0) {
            throw new IllegalArgumentException(CASES + " must be positive, got " + cases);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(TIMEOUT + " must be positive, got " + timeout);
        }
    }

    /** The configuration the system properties give, with {@code defaultCases} when {@code mnc.fuzz.cases} is unset. */
    public static FuzzConfig fromSystemProperties(int defaultCases) {
        int cases = (int) property(CASES, defaultCases);
        long seed = property(SEED, DEFAULT_SEED);
        long timeout = property(TIMEOUT, DEFAULT_TIMEOUT_SECONDS);
        String only = System.getProperty(CASE);
        return new FuzzConfig(cases, seed, Duration.ofSeconds(timeout),
                only == null || only.isBlank() ? OptionalInt.empty() : OptionalInt.of((int) parse(CASE, only)),
                Boolean.getBoolean(TRACE));
    }

    /** {@code cases} cases from {@code seed} with the default timeout, no replay and no trace. */
    public static FuzzConfig of(int cases, long seed) {
        return new FuzzConfig(cases, seed, Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS), OptionalInt.empty(), false);
    }

    private static long property(String name, long dflt) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? dflt : parse(name, v);
    }

    private static long parse(String name, String v) {
        String t = v.strip();
        try {
            return t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + v + " is not a number", e);
        }
    }

    /** The first and one-past-last case numbers to run. */
    int first() {
        return only.orElse(0);
    }

    int end() {
        return only.isPresent() ? only.getAsInt() + 1 : cases;
    }

    /** The seed of case {@code index}: SplitMix64's finalizer over the campaign seed and the case number. */
    public static long caseSeed(long campaignSeed, int index) {
        long z = campaignSeed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The {@code -D} options that replay case {@code index}. */
    public String replayOptions(int index) {
        return "-D" + SEED + "=0x" + Long.toHexString(seed) + " -D" + CASE + "=" + index;
    }
}
