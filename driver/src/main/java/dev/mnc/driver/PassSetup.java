package dev.mnc.driver;

import dev.mnc.ir.MncException;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.Diagnostics;
import dev.mnc.passes.LayoutNhwc;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassRegistry;
import dev.mnc.passes.Pipeline;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.passes.instrument.DumpIrDir;
import dev.mnc.passes.instrument.PrintAfter;
import dev.mnc.passes.instrument.PrintChanged;
import dev.mnc.passes.instrument.RewriteLog;
import dev.mnc.passes.instrument.TimePasses;
import dev.mnc.passes.instrument.VerifyEach;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Builds the pipeline and context a conversion runs from {@link PassOptions}: the registry of
 * built-in and class-path passes, the default pipeline for the target (or the user's
 * {@code --passes} list with {@code default} expanded), and the instruments, all writing to one
 * stream (the command line's stderr).
 */
public final class PassSetup {
    private final PassRegistry registry;

    public PassSetup(ClassLoader pluginLoader) {
        this.registry = PassRegistry.load(pluginLoader);
    }

    public PassRegistry registry() {
        return registry;
    }

    /** The pipeline to run for {@code target}. */
    public Pipeline pipeline(Target target, PassOptions options) {
        Pipeline dflt = BuiltinPasses.defaultPipeline(target, new PipelineOptions(options.ioLayout()));
        if (options.passes().isEmpty() || options.passes().get().isBlank()) {
            return dflt;
        }
        List<Pass> passes = new ArrayList<>();
        for (String raw : options.passes().get().split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("default")) {
                passes.add(dflt);
            } else {
                passes.add(registry.find(name).orElseThrow(() -> new MncException("unknown pass '" + name
                        + "' in --passes (known: default, " + String.join(", ", names()) + "; see 'mnc passes')")));
            }
        }
        if (passes.isEmpty()) {
            throw new MncException("--passes names no pass; use 'default' for the default pipeline");
        }
        return new Pipeline("user", "the passes given with --passes", passes, registry);
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        for (PassRegistry.Entry e : registry.entries()) {
            out.add(e.name());
        }
        return out;
    }

    /** The context: disabled passes, options, instruments and diagnostics writing to {@code log}. */
    public PassContext context(PassOptions options, PrintStream log) {
        PassContext.Builder b = registry.contextBuilder();
        b.disable(options.disabled().toArray(new String[0]));
        options.ioLayout().ifPresent(io -> b.set(LayoutNhwc.IO_LAYOUT, io));
        for (String assignment : options.passOptions()) {
            b.set(assignment);
        }
        if (options.verifyEach()) {
            b.instrument(new VerifyEach());
        }
        if (options.printAfterAll()) {
            b.instrument(PrintAfter.all(log));
        } else if (!options.printAfter().isEmpty()) {
            for (String name : options.printAfter()) {
                if (!name.equals("default") && registry.find(name).isEmpty()) {
                    throw new MncException("unknown pass '" + name + "' in --print-after (known: "
                            + String.join(", ", names()) + ")");
                }
            }
            b.instrument(PrintAfter.passes(log, new LinkedHashSet<>(options.printAfter())));
        }
        if (options.printChanged()) {
            b.instrument(new PrintChanged(log));
        }
        if (options.dumpIrDir() != null) {
            b.instrument(new DumpIrDir(options.dumpIrDir(), false));
        }
        if (options.rewriteLog()) {
            b.instrument(new RewriteLog(log));
        }
        if (options.timePasses()) {
            b.instrument(new TimePasses(log));
        }
        b.diagnostics(Diagnostics.printingTo(log));
        return b.build();
    }
}
