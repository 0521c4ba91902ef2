package dev.mnc.cli;

/** The JVM entry point: the only place that exits the process. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(MncCommand.commandLine().execute(args));
    }
}
