package dev.mnc.passes;

import dev.mnc.ir.MncException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a pass is, apart from what it does: its registry name (kebab-case, as used by
 * {@code --passes}, {@code --disable-pass}, golden test files and dump file names), a one-line
 * summary for {@code mnc passes}, the passes that must have run before it, and whether a single
 * run reaches a fixed point (an idempotent pass run twice changes nothing the second time; golden
 * tests check this).
 */
public record PassInfo(String name, String summary, List<String> requires, boolean idempotent) {
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public PassInfo {
        if (name == null || !KEBAB.matcher(name).matches()) {
            throw new MncException("pass name '" + name + "' is not kebab-case (like fold-batchnorm)");
        }
        if (summary == null || summary.isBlank() || summary.contains("\n")) {
            throw new MncException("pass '" + name + "' needs a one-line summary");
        }
        requires = List.copyOf(requires);
        if (requires.contains(name)) {
            throw new MncException("pass '" + name + "' requires itself");
        }
    }

    /** An idempotent pass that requires nothing. */
    public static PassInfo of(String name, String summary) {
        return new PassInfo(name, summary, List.of(), true);
    }
}
