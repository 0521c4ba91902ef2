package dev.mnc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The top-level {@code mnc} command: global options and the list of subcommands. */
@Command(name = "mnc",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Model-optimization compiler for MobileNet-family CNNs: ONNX in, TFLite and .mnc out.",
        subcommands = {ConvertCommand.class, PruneCommand.class, RunCommand.class, InspectCommand.class, BenchCommand.class, PassesCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Success", "1:Failed (bad model, bad input, unsupported op, I/O error)", "2:Usage error"})
public final class MncCommand implements Runnable {
    @Mixin
    LogOptions log;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** A configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MncCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }
}
