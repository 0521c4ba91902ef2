package dev.mnc.passes;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import java.util.List;
import java.util.function.Consumer;

/** A test pass that records its runs in a shared log and can act on the graph or fail. */
final class RecordingPass implements Pass {
    private final PassInfo info;
    private final List<String> log;
    private final Consumer<Graph> action;

    RecordingPass(String name, List<String> log, List<String> requires, Consumer<Graph> action) {
        this.info = new PassInfo(name, "records that it ran", requires, true);
        this.log = log;
        this.action = action;
    }

    RecordingPass(String name, List<String> log) {
        this(name, log, List.of(), g -> { });
    }

    static RecordingPass failing(String name, List<String> log, String message) {
        return new RecordingPass(name, log, List.of(), g -> {
            throw new MncException(message);
        });
    }

    @Override
    public PassInfo info() {
        return info;
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        log.add(info.name());
        action.accept(graph);
        return PassResult.unchanged(info.name());
    }
}
