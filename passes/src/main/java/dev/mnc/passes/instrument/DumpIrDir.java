package dev.mnc.passes.instrument;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassInstrument;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code --dump-ir-dir D}: writes the input IR to {@code D/000-input.mncir} and the IR after the
 * n-th pass to {@code D/00n-<pass>.mncir} (for example {@code 003-fold-batchnorm.mncir}), numbered
 * in run order so a directory listing reads like the pipeline. Each file is written to a temporary
 * file and moved into place. Readable form by default (large constants elided); full form on
 * request, which parses back exactly.
 */
public final class DumpIrDir implements PassInstrument {
    private final Path dir;
    private final IrPrinter printer;
    private int count;

    public DumpIrDir(Path dir, boolean fullData) {
        this.dir = dir;
        this.printer = new IrPrinter(fullData ? IrPrinter.FULL : IrPrinter.READABLE);
    }

    @Override
    public void runStarted(Graph graph) {
        count = 0;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MncException("cannot create the IR dump folder " + dir + ": " + e.getMessage(), e);
        }
        write("input", graph);
    }

    @Override
    public void afterPass(Pass pass, Graph graph, PassResult result) {
        if (!(pass instanceof Pipeline)) {
            count++;
            write(pass.info().name(), graph);
        }
    }

    private void write(String name, Graph graph) {
        Path target = dir.resolve(String.format(Locale.ROOT, "%03d-%s.mncir", count, name));
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.writeString(tmp, printer.render(graph), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new MncException("cannot write IR dump " + target + ": " + e.getMessage(), e);
        }
    }
}
