package dev.mnc.cli;

import dev.mnc.driver.PassSetup;
import dev.mnc.ir.MncException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --plugin JAR}: jars whose {@code META-INF/services/dev.mnc.passes.Pass} entries add passes.
 * Jars already on the class path are found without it.
 */
final class PluginOptions {
    @Option(names = "--plugin", paramLabel = "JAR", description = "A jar of user passes to load (repeatable).")
    List<Path> jars = new ArrayList<>();

    PassSetup passSetup() {
        ClassLoader parent = PluginOptions.class.getClassLoader();
        if (jars.isEmpty()) {
            return new PassSetup(parent);
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new MncException(jar + ": plugin jar not found");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new MncException(jar + ": not a usable path (" + e.getMessage() + ")", e);
            }
        }
        return new PassSetup(new URLClassLoader(urls.toArray(new URL[0]), parent));
    }
}
