package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sequence of passes that is itself a {@link Pass}, so pipelines nest (TVM's Sequential).
 *
 * <p>Runs its passes in order. A pass disabled in the context is skipped (instruments are told). Before
 * a pass runs, each pass it {@link PassInfo#requires() requires} runs first unless it already ran
 * in this run (required passes are found among this pipeline's passes, then through the
 * {@link PassLookup} given at construction); a required pass that is disabled or unknown is an
 * error naming both. Instruments are called around every pass, nested pipelines included (see
 * {@link PassInstrument} for the lifecycle); the outermost pipeline also signals the start and end
 * of the run, in a {@code finally}. An {@link MncException} thrown by a pass is re-thrown with the
 * pass's name in front.
 */
public final class Pipeline implements Pass {
    private final PassInfo info;
    private final List<Pass> passes;
    private final PassLookup lookup;

    /** A pipeline whose required passes are looked up in {@code lookup} when not among {@code passes}. */
    public Pipeline(String name, String summary, List<? extends Pass> passes, PassLookup lookup) {
        this.passes = List.copyOf(passes);
        this.info = new PassInfo(name, summary, List.of(), this.passes.stream().allMatch(p -> p.info().idempotent()));
        this.lookup = lookup;
    }

    /** A pipeline that looks up required passes only among {@code passes}. */
    public static Pipeline of(String name, Pass... passes) {
        return new Pipeline(name, "runs " + names(List.of(passes)), List.of(passes), PassLookup.NONE);
    }

    private static String names(List<Pass> passes) {
        List<String> n = new ArrayList<>();
        for (Pass p : passes) {
            n.add(p.info().name());
        }
        return n.isEmpty() ? "nothing" : String.join(",", n);
    }

    @Override
    public PassInfo info() {
        return info;
    }

    /** The passes, in order. */
    public List<Pass> passes() {
        return passes;
    }

    /** The options of every pass inside, nested pipelines included. */
    @Override
    public List<PassOption<?>> options() {
        Map<String, PassOption<?>> all = new LinkedHashMap<>();
        for (Pass p : passes) {
            for (PassOption<?> o : p.options()) {
                all.putIfAbsent(o.name(), o);
            }
        }
        return List.copyOf(all.values());
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        if (context.depth() > 0) {
            return runPasses(graph, context, new LinkedHashSet<>());
        }
        for (PassInstrument i : context.instruments()) {
            i.runStarted(graph);
        }
        PassResult result;
        try {
            result = runOne(this, graph, context.nested(), new LinkedHashSet<>());
        } catch (RuntimeException e) {
            for (PassInstrument i : context.instruments()) {
                try {
                    i.runFinished(graph, false);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        for (PassInstrument i : context.instruments()) {
            i.runFinished(graph, true);
        }
        return result;
    }

    /** Runs this pipeline's passes; {@code done} names the passes that already ran in this run. */
    private PassResult runPasses(Graph graph, PassContext context, Set<String> done) {
        List<PassResult> results = new ArrayList<>();
        List<RewriteEvent> events = new ArrayList<>();
        for (Pass p : passes) {
            if (context.isDisabled(p.info().name())) {
                String reason = "pass '" + p.info().name() + "' is disabled";
                for (PassInstrument i : context.instruments()) {
                    i.passSkipped(p, reason);
                }
                events.add(new RewriteEvent.Skipped("pipeline '" + info.name() + "'", reason));
                continue;
            }
            runRequired(p, graph, context, done, results, new ArrayList<>());
            results.add(runOne(p, graph, context, done));
        }
        return PassResult.ofPipeline(info.name(), results, events);
    }

    private void runRequired(Pass p, Graph graph, PassContext context, Set<String> done, List<PassResult> results,
            List<String> chain) {
        chain.add(p.info().name());
        for (String req : p.info().requires()) {
            if (done.contains(req)) {
                continue;
            }
            if (chain.contains(req)) {
                throw new MncException("passes require each other in a cycle: " + String.join(" -> ", chain) + " -> "
                        + req);
            }
            if (context.isDisabled(req)) {
                throw new MncException("pass '" + p.info().name() + "' requires '" + req
                        + "', which is disabled; enable it or disable '" + p.info().name() + "' too");
            }
            Pass r = resolve(req).orElseThrow(() -> new MncException("pass '" + p.info().name() + "' requires '" + req
                    + "', which is not a known pass"));
            runRequired(r, graph, context, done, results, chain);
            results.add(runOne(r, graph, context, done));
        }
        chain.remove(chain.size() - 1);
    }

    private Optional<Pass> resolve(String name) {
        for (Pass p : passes) {
            if (p.info().name().equals(name)) {
                return Optional.of(p);
            }
        }
        return lookup.find(name);
    }

    private static PassResult runOne(Pass p, Graph graph, PassContext context, Set<String> done) {
        List<PassInstrument> instruments = context.instruments();
        int entered = 0;
        try {
            for (PassInstrument i : instruments) {
                i.beforePass(p, graph);
                entered++;
            }
        } catch (RuntimeException e) {
            notifyFailed(instruments.subList(0, entered), p, graph, e);
            throw e;
        }
        PassResult result;
        try {
            if (p instanceof Pipeline nested) {
                result = nested.runPasses(graph, context.nested(), done);
            } else {
                result = p.run(graph, context);
            }
        } catch (MncException e) {
            RuntimeException named = p instanceof Pipeline ? e : e.within("pass '" + p.info().name() + "'");
            notifyFailed(instruments, p, graph, named);
            throw named;
        } catch (RuntimeException e) {
            notifyFailed(instruments, p, graph, e);
            throw e;
        }
        if (result == null) {
            IllegalStateException e = new IllegalStateException("pass '" + p.info().name() + "' returned no result");
            notifyFailed(instruments, p, graph, e);
            throw e;
        }
        done.add(p.info().name());
        RuntimeException first = null;
        for (PassInstrument i : instruments) {
            try {
                if (first == null) {
                    i.afterPass(p, graph, result);
                } else {
                    i.passFailed(p, graph, first);
                }
            } catch (RuntimeException e) {
                first = e;
            }
        }
        if (first != null) {
            throw first;
        }
        return result;
    }

    private static void notifyFailed(List<PassInstrument> instruments, Pass p, Graph graph, RuntimeException e) {
        for (PassInstrument i : instruments) {
            try {
                i.passFailed(p, graph, e);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
        }
    }

    @Override
    public String toString() {
        return info.name() + "[" + names(passes) + "]";
    }
}
