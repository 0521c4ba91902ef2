package dev.mnc.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Output verbosity shared by every subcommand (inherited from the top-level command, so
 * {@code mnc --verbose convert ...} and {@code mnc convert --verbose ...} both work).
 */
public final class LogOptions {
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show details: skipped rewrites, and stack traces on errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only results and errors; no progress bars.")
    boolean quiet;
}
