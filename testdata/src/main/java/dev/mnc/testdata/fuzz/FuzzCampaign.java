package dev.mnc.testdata.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Feeds damaged copies of real files to one reader and classifies what happens.
 *
 * <pre>
 * FuzzReport report = FuzzCampaign.named("onnx")
 *         .seed("ppocr-cls.onnx", bytes)
 *         .mutators(ByteMutators.all())
 *         .mutators(OnnxMutators.all())
 *         .target(b -&gt; OnnxImporter.importModel(b, "fuzz.onnx", dir, ImportOptions.defaults()))
 *         .typedErrors(MncException.class)
 *         .messagesStartWith("fuzz.onnx: ")
 *         .defaultCases(300)
 *         .run();
 * report.assertNoFailures();
 * </pre>
 *
 * <p>Case {@code i} takes a generator seeded by {@link FuzzConfig#caseSeed}, picks a seed file, a
 * mutator group (each {@link #mutators} call adds one, so byte-level and structure-aware mutators
 * share the cases evenly whatever their numbers) and a mutator in it; one case in four stacks two
 * to four such mutations (reported as {@code stacked}). The target then reads the damaged bytes on a
 * {@link Worker} thread under the timeout. A typed error must carry a one-line, non-empty message
 * that satisfies the campaign's rule; any other throwable is a crash, and so is a case that
 * allocates more than the {@linkplain #allocationLimit allocation limit}. Failing inputs are saved
 * under {@code target/fuzz-failures/<campaign>/} for minimizing, and the summary goes to standard
 * output.
 */
public final class FuzzCampaign {
    /** Attempts at finding a mutator with something to change in the chosen seed, before giving up on a case. */
    private static final int PICK_ATTEMPTS = 32;
    /** One case in this many stacks two to four mutations, each on the previous one's output. */
    private static final int STACK_ONE_IN = 4;
    /** Default bytes a case may allocate; a reader that allocates more trusted a size it read. */
    public static final long DEFAULT_ALLOCATION_LIMIT = 1L << 30;

    private final String name;
    private final List<Seed> seeds = new ArrayList<>();
    private final List<List<Mutator>> groups = new ArrayList<>();
    private final List<Class<? extends Throwable>> typed = new ArrayList<>();
    private FuzzTarget target;
    private Predicate<String> messageRule = m -> true;
    private String messageRuleText = "";
    private int defaultCases = 100;
    private long allocationLimit = DEFAULT_ALLOCATION_LIMIT;

    private FuzzCampaign(String name) {
        this.name = name;
    }

    /** A campaign; the name appears in reports and in the failure folder. */
    public static FuzzCampaign named(String name) {
        return new FuzzCampaign(name);
    }

    public FuzzCampaign seed(String seedName, byte[] bytes) {
        seeds.add(new Seed(seedName, bytes));
        return this;
    }

    /** Adds a group of mutators; groups share the cases evenly. */
    public FuzzCampaign mutators(List<Mutator> group) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("empty mutator group");
        }
        groups.add(List.copyOf(group));
        return this;
    }

    public FuzzCampaign target(FuzzTarget t) {
        this.target = t;
        return this;
    }

    /** The reader's typed errors: these (and their subclasses) are refusals, anything else a crash. */
    @SafeVarargs
    public final FuzzCampaign typedErrors(Class<? extends Throwable>... types) {
        typed.addAll(List.of(types));
        return this;
    }

    /** Typed errors' messages must start with {@code prefix} (the file's name, usually). */
    public FuzzCampaign messagesStartWith(String prefix) {
        this.messageRule = m -> m.startsWith(prefix);
        this.messageRuleText = "start with '" + prefix + "'";
        return this;
    }

    /** Cases to run when {@code mnc.fuzz.cases} is unset: the CI budget of this campaign. */
    public FuzzCampaign defaultCases(int n) {
        this.defaultCases = n;
        return this;
    }

    /**
     * Bytes one case may allocate (counted over the case, where the JVM can tell) before it counts as
     * a crash: on a smaller heap it would have been an {@link OutOfMemoryError}.
     */
    public FuzzCampaign allocationLimit(long bytes) {
        this.allocationLimit = bytes;
        return this;
    }

    /** Runs the campaign with the configuration of the system properties and prints the summary. */
    public FuzzReport run() {
        return run(FuzzConfig.fromSystemProperties(defaultCases));
    }

    public FuzzReport run(FuzzConfig config) {
        if (seeds.isEmpty() || groups.isEmpty() || target == null || typed.isEmpty()) {
            throw new IllegalStateException("campaign " + name + " needs seeds, mutators, a target and typed errors");
        }
        FuzzReport report = new FuzzReport(name, config);
        long start = System.nanoTime();
        long lastProgress = start;
        try (Worker worker = new Worker()) {
            for (int i = config.first(); i < config.end(); i++) {
                Case c = prepare(config, i);
                if (config.trace()) {
                    System.out.println("fuzz " + name + " case " + c.describe());
                    System.out.flush();
                }
                Worker.Result res = worker.run(target, c.mutation().bytes(), config.timeout());
                Outcome outcome = classify(res);
                report.record(i, c.mutator(), outcome, res.nanos(), res.allocated());
                if (outcome == Outcome.REJECTED) {
                    report.refused(res.thrown().getMessage());
                }
                if (outcome.isFailure()) {
                    report.fail(new FuzzReport.Failure(i, c.seed().name(), c.mutator(), c.mutation().detail(), outcome,
                            describe(outcome, res, config), save(c)));
                } else if (config.only().isPresent()) {
                    System.out.println("fuzz " + name + " case " + c.describe() + "\n  [" + outcome.text() + "] "
                            + describe(outcome, res, config));
                }
                long now = System.nanoTime();
                if (now - lastProgress > 30_000_000_000L) {
                    System.out.printf("fuzz %s: %d of %d cases, %d failures so far%n", name, i + 1 - config.first(),
                            config.end() - config.first(), report.failures().size());
                    lastProgress = now;
                }
            }
            report.finish(System.nanoTime() - start, worker.abandoned());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fuzz campaign " + name + " interrupted", e);
        }
        System.out.print(report.summary());
        return report;
    }

    /** One case: the seed it damaged, the mutator (or {@code stacked}) and the damage. */
    private record Case(int index, Seed seed, String mutator, Mutation mutation) {
        String describe() {
            return index + ": " + seed.name() + ", " + mutator + ": " + mutation.detail();
        }
    }

    /** Case {@code i}, drawn from its own generator so that it replays alone. */
    private Case prepare(FuzzConfig config, int i) {
        SplittableRandom r = new SplittableRandom(FuzzConfig.caseSeed(config.seed(), i));
        Seed seed = Picks.one(seeds, r);
        Picked first = mutate(seed, r);
        if (r.nextInt(STACK_ONE_IN) != 0) {
            return new Case(i, seed, first.mutator().name(), first.mutation());
        }
        Mutation m = new Mutation(first.mutator().name() + ": " + first.mutation().detail(), first.mutation().bytes());
        for (int k = 1 + r.nextInt(3); k > 0 && m.bytes().length > 0; k--) {
            Picked next = mutate(new Seed(seed.name(), m.bytes()), r);
            m = new Mutation(m.detail() + "; then " + next.mutator().name() + ": " + next.mutation().detail(),
                    next.mutation().bytes());
        }
        return new Case(i, seed, "stacked", m);
    }

    private record Picked(Mutator mutator, Mutation mutation) {}

    /** A mutation of {@code seed} by a mutator (group first, then one of the group) that found something to change. */
    private Picked mutate(Seed seed, SplittableRandom r) {
        for (int attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
            Mutator m = Picks.one(Picks.one(groups, r), r);
            Optional<Mutation> x = m.mutate(seed, seeds, r);
            if (x.isPresent()) {
                return new Picked(m, x.get());
            }
        }
        throw new IllegalStateException("campaign " + name + ": no mutator can change seed " + seed);
    }

    private Outcome classify(Worker.Result res) {
        if (!res.finished()) {
            return Outcome.HANG;
        }
        if (res.allocated() > allocationLimit) {
            return Outcome.CRASH;
        }
        Throwable t = res.thrown();
        if (t == null) {
            return Outcome.ACCEPTED;
        }
        if (!isTyped(t)) {
            return Outcome.CRASH;
        }
        String msg = t.getMessage();
        boolean ok = msg != null && !msg.isBlank() && msg.indexOf('\n') < 0 && msg.indexOf('\r') < 0
                && messageRule.test(msg);
        return ok ? Outcome.REJECTED : Outcome.BAD_MESSAGE;
    }

    private boolean isTyped(Throwable t) {
        for (Class<? extends Throwable> c : typed) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private String describe(Outcome outcome, Worker.Result res, FuzzConfig config) {
        return switch (outcome) {
            case HANG -> "still running after " + config.timeout().toSeconds() + " s";
            case BAD_MESSAGE -> "message must be one non-empty line" + (messageRuleText.isEmpty() ? "" : " and "
                    + messageRuleText) + ": <" + res.thrown().getMessage() + ">";
            case ACCEPTED -> "accepted";
            default -> {
                int lines = config.only().isPresent() ? Integer.MAX_VALUE : 12;
                String thrown = res.thrown() == null ? "returned normally" : stackTrace(res.thrown(), lines);
                yield res.allocated() > allocationLimit ? "allocated " + (res.allocated() >> 20) + " MB, more than the "
                        + (allocationLimit >> 20) + " MB limit: a size read from the file was trusted before it was "
                        + "checked; then " + thrown : thrown;
            }
        };
    }

    private static String stackTrace(Throwable t, int maxLines) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String[] lines = w.toString().split("\n");
        return String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, maxLines))).strip();
    }

    /** Writes a failing case's input under target/fuzz-failures; null if that fails (the report still replays it). */
    private Path save(Case c) {
        String seedName = c.seed().name();
        int dot = seedName.lastIndexOf('.');
        String ext = dot >= 0 ? seedName.substring(dot) : ".bin";
        Path file = Path.of("target", "fuzz-failures", name, "case-" + c.index() + ext);
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, c.mutation().bytes()).toAbsolutePath();
        } catch (IOException e) {
            return null;
        }
    }
}
