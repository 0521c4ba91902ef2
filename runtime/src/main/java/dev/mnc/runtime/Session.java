package dev.mnc.runtime;

import dev.mnc.runtime.exec.Buffers;
import dev.mnc.runtime.exec.Program;
import dev.mnc.runtime.exec.Slot;
import dev.mnc.runtime.exec.Step;
import dev.mnc.runtime.exec.Workers;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a model. A session owns one arena, allocated at creation and sized by the model's memory
 * plan, and (with more than one thread) a fixed worker pool; a run allocates nothing but the
 * output tensors it returns.
 *
 * <p>Not thread-safe: one run at a time per session. Use one session per thread; any number of
 * sessions may share a {@link Model}. Close it to stop its workers (a session dropped unclosed has
 * them stopped when it is garbage-collected); {@code close()} is idempotent and a closed session
 * throws {@link IllegalStateException} on use.
 */
public final class Session implements AutoCloseable {
    /** Stops the workers of sessions that were dropped without {@link #close()}. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final Program program;
    private final String source;
    private final Buffers buffers;
    private final Workers workers;
    private final Step[] steps;
    private final Slot[] inputs;
    private final Slot[] outputs;
    private final Slot[][] opOutputs;
    private final int[][] outputShapes;
    private final TensorView view = new TensorView();
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    Session(Program program, String source, SessionOptions options) {
        this.program = program;
        this.source = source;
        long need = program.arenaBytes();
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            throw new InferenceException("model " + source + " needs " + (need >> 20) + " MB of arena per session but the"
                    + " JVM has " + (free >> 20) + " MB free: raise -Xmx or close other sessions");
        }
        this.buffers = program.newBuffers();
        this.workers = Program.newWorkers(options.threads(), "mnc-session");
        this.cleanable = CLEANER.register(this, workers::close);
        this.steps = program.bind(buffers, workers);
        this.inputs = program.inputs();
        this.outputs = program.outputs();
        this.opOutputs = new Slot[steps.length][];
        for (int i = 0; i < steps.length; i++) {
            opOutputs[i] = program.ops().get(i).outputs();
        }
        this.outputShapes = new int[program.slots().size()][];
        for (Slot s : program.slots()) {
            outputShapes[s.index()] = s.shape();
        }
    }

    /** Runs the model; see {@link #run(Map, TensorObserver)}. */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        return run(feeds, null);
    }

    /**
     * Runs the model on {@code feeds} (every model input by name, each of exactly the model's dtype
     * and shape) and returns the outputs in model order as fresh tensors the caller owns.
     *
     * @param observer sees every computed tensor (see {@link TensorObserver}), or null
     * @throws InferenceException on an unknown, missing or mis-shaped input
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds, TensorObserver observer) {
        if (closed) {
            throw new IllegalStateException("session of model " + source + " is closed");
        }
        for (String name : feeds.keySet()) {
            if (find(name) == null) {
                throw new InferenceException("model " + source + " has no input '" + name + "'; its inputs are "
                        + names(inputs));
            }
        }
        for (Slot s : inputs) {
            Tensor t = feeds.get(s.name());
            if (t == null) {
                throw new InferenceException("input '" + s.name() + "' (" + describe(s.dtype(), s.shape())
                        + ") is missing; the model's inputs are " + names(inputs));
            }
            if (t.dtype() != s.dtype() || !s.hasShape(t.shapeRef())) {
                throw new InferenceException("input '" + s.name() + "': expected " + describe(s.dtype(), s.shape())
                        + ", got " + describe(t.dtype(), t.shape()));
            }
        }
        for (Slot s : inputs) {
            Tensor t = feeds.get(s.name());
            System.arraycopy(t.array(), 0, buffers.array(s), buffers.offset(s), s.count());
            observe(observer, s);
        }
        for (int i = 0; i < steps.length; i++) {
            steps[i].run();
            if (observer != null) {
                for (Slot s : opOutputs[i]) {
                    observe(observer, s);
                }
            }
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (Slot s : outputs) {
            Object copy = Tensor.newArray(s.dtype(), s.count());
            System.arraycopy(buffers.array(s), buffers.offset(s), copy, 0, s.count());
            result.put(s.name(), Tensor.wrap(s.dtype(), outputShapes[s.index()], copy));
        }
        return result;
    }

    private void observe(TensorObserver observer, Slot s) {
        if (observer == null) {
            return;
        }
        view.point(s.name(), s.dtype(), outputShapes[s.index()], s.count(), buffers.array(s), buffers.offset(s));
        observer.observe(s.name(), view);
    }

    private Slot find(String name) {
        for (Slot s : inputs) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static List<String> names(Slot[] slots) {
        List<String> out = new ArrayList<>();
        for (Slot s : slots) {
            out.add(s.name() + " " + describe(s.dtype(), s.shape()));
        }
        return out;
    }

    private static String describe(DType d, int[] shape) {
        StringBuilder sb = new StringBuilder(d.text()).append('[');
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? "," : "").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** Stops the worker threads; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }
}
