package dev.mnc.driver;

import dev.mnc.passes.IoLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to run the pass pipeline of a conversion: which passes, with which options and instruments.
 *
 * @param passes comma-separated pass names replacing the default pipeline, where the word
 *     {@code default} stands for the target's default pipeline (e.g. {@code my-pass,default}); empty
 *     for the default pipeline alone
 * @param disabled passes to skip
 * @param ioLayout layout of rank-4 model inputs and outputs; empty for the target's default
 * @param passOptions {@code name=value} pass options (e.g. {@code layout.io=nchw})
 * @param verifyEach verify the graph after every pass
 * @param printAfterAll print the IR after every pass
 * @param printAfter print the IR after these passes
 * @param printChanged print the IR after each pass that changed it
 * @param timePasses print a table of time spent per pass
 * @param dumpIrDir write the IR after each pass into this folder, or null
 * @param rewriteLog print every rewrite applied or skipped, with its reason
 */
public record PassOptions(Optional<String> passes, List<String> disabled, Optional<IoLayout> ioLayout,
        List<String> passOptions, boolean verifyEach, boolean printAfterAll, List<String> printAfter,
        boolean printChanged, boolean timePasses, Path dumpIrDir, boolean rewriteLog) {

    public PassOptions {
        disabled = List.copyOf(disabled);
        passOptions = List.copyOf(passOptions);
        printAfter = List.copyOf(printAfter);
    }

    /** The default pipeline, no instruments. */
    public static PassOptions defaults() {
        return new PassOptions(Optional.empty(), List.of(), Optional.empty(), List.of(), false, false, List.of(),
                false, false, null, false);
    }

    public PassOptions withIoLayout(IoLayout layout) {
        return new PassOptions(passes, disabled, Optional.of(layout), passOptions, verifyEach, printAfterAll,
                printAfter, printChanged, timePasses, dumpIrDir, rewriteLog);
    }

    public PassOptions withPasses(String spec) {
        return new PassOptions(Optional.of(spec), disabled, ioLayout, passOptions, verifyEach, printAfterAll,
                printAfter, printChanged, timePasses, dumpIrDir, rewriteLog);
    }
}
