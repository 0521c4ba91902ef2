package dev.mnc.cli;

import dev.mnc.driver.PassSetup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mnc passes}: the passes available, built-in and from plugins, with their origin. */
@Command(name = "passes", mixinStandardHelpOptions = true,
        description = "List the passes --passes can name: built-in ones and those found in plugin jars.")
final class PassesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        PassSetup setup = plugins.passSetup();
        spec.commandLine().getOut().print(setup.registry().describe());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
