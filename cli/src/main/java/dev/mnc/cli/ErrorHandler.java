package dev.mnc.cli;

import dev.mnc.ir.MncException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into the exit codes of DESIGN.md: a user error ({@link MncException}, or an
 * I/O failure) prints one line and exits 1; anything else is a bug in mnc, reported as such.
 * Stack traces only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) throws Exception {
        if (ex instanceof CommandLine.ParameterException pe) {
            // An option combination that a command checks itself: a usage error, as if picocli found it.
            return cmd.getParameterExceptionHandler().handleParseException(pe, new String[0]);
        }
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.hasMatchedOption("-v")
                || anySubcommandVerbose(parsed);
        if (ex instanceof MncException || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            err.println("mnc: error: " + oneLine(ex.getMessage()));
        } else {
            err.println("mnc: internal error: " + ex + " (this is a bug in mnc; please report it with --verbose output)");
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    private static boolean anySubcommandVerbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose") || p.hasMatchedOption("-v")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "(no message)" : s.replace('\n', ' ').strip();
    }
}
