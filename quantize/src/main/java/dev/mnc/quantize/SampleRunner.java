package dev.mnc.quantize;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.backend.nativeformat.NativeCompiler;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.runtime.TensorInfo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs calibration samples through the native runtime: the one set of kernels mnc has. The
 * graphs are compiled in memory with {@link NativeCompiler}; each worker thread owns one session
 * per graph.
 *
 * <p>Determinism: every sample is processed on its own, into a fresh per-sample result, and the
 * results are folded on the calling thread strictly in sample order. What the fold computes is
 * therefore the same for any number of threads, floating-point rounding included. At most
 * 2 x threads samples are in flight, so memory does not grow with the calibration set.
 */
final class SampleRunner implements AutoCloseable {

    /** What a job runs in: one session per graph, and scratch space the job may reuse between samples. */
    static final class Worker {
        final List<Session> sessions;
        final Map<String, float[]> scratch = new HashMap<>();

        Worker(List<Session> sessions) {
            this.sessions = sessions;
        }
    }

    /** The work for one sample: run sessions with observers and return the sample's result. */
    @FunctionalInterface
    interface Job<S> {
        S run(int index, Map<String, Tensor> feeds, Worker worker);
    }

    private final List<Model> models;
    private final List<TensorInfo> inputs;
    private final ExecutorService pool;
    private final BlockingQueue<Worker> workers;
    private final int threads;

    /** Compiles {@code graphs} (all with the same inputs) and starts {@code threads} workers. */
    SampleRunner(List<Graph> graphs, int threads) {
        this.threads = threads;
        this.models = new ArrayList<>();
        for (Graph g : graphs) {
            byte[] bytes = NativeCompiler.compile(g);
            try {
                models.add(Model.load(ByteBuffer.wrap(bytes), g.name() + ".mnc"));
            } catch (ModelFormatException e) {
                throw new IllegalStateException("the native compiler produced a model the runtime refuses", e);
            }
        }
        this.inputs = models.get(0).inputs();
        this.workers = new ArrayBlockingQueue<>(threads);
        for (int t = 0; t < threads; t++) {
            List<Session> sessions = new ArrayList<>();
            for (Model m : models) {
                sessions.add(m.newSession());
            }
            workers.add(new Worker(sessions));
        }
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mnc-calibration");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code job} on every sample of {@code data} and hands each result to {@code fold} on
     * the calling thread, in sample order, reporting progress after each.
     */
    <S> void run(CalibrationData data, String phase, ProgressListener progress, Job<S> job, Consumer<S> fold) {
        int n = data.size();
        Deque<Future<S>> inFlight = new ArrayDeque<>();
        int next = 0;
        try {
            for (int done = 0; done < n; done++) {
                while (next < n && inFlight.size() < 2 * threads) {
                    int index = next++;
                    inFlight.add(pool.submit(() -> runOne(data, index, job)));
                }
                fold.accept(await(inFlight.removeFirst()));
                progress.progress(phase, done + 1, n);
            }
        } finally {
            for (Future<S> f : inFlight) {
                f.cancel(false);
            }
            for (Future<S> f : inFlight) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                    // Already failing or cancelled: the first error is the one reported.
                }
            }
        }
    }

    private <S> S runOne(CalibrationData data, int index, Job<S> job) throws InterruptedException {
        Map<String, Tensor> feeds = feeds(index, data.sample(index));
        Worker w = workers.take();
        try {
            return job.run(index, feeds, w);
        } finally {
            workers.add(w);
        }
    }

    private static <S> S await(Future<S> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MncException("calibration was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /** The sample's tensors as runtime feeds, checked against the graph's inputs. */
    private Map<String, Tensor> feeds(int index, Map<String, TensorData> sample) {
        if (sample == null) {
            throw new MncException("calibration sample " + index + " is missing (the data source returned null)");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorInfo in : inputs) {
            TensorData d = sample.get(in.name());
            if (d == null) {
                throw new MncException("calibration sample " + index + " has no tensor for graph input '" + in.name()
                        + "' (it has " + sample.keySet() + ")");
            }
            int[] shape = d.shape().toIntArray();
            if (!Arrays.equals(shape, in.shape()) || !d.dtype().text().equals(in.dtype().text())) {
                throw new MncException("calibration sample " + index + ": input '" + in.name() + "' is " + d.dtype()
                        + d.shape() + " but the graph takes " + in.dtype().text() + Arrays.toString(in.shape())
                        .replace(" ", "") + "; preprocess and transpose it to the graph's input shape and layout");
            }
            out.put(in.name(), tensor(d, shape));
        }
        if (sample.size() != inputs.size()) {
            for (String name : sample.keySet()) {
                if (!out.containsKey(name)) {
                    throw new MncException("calibration sample " + index + " has a tensor '" + name
                            + "' that is not a graph input (inputs: " + out.keySet() + ")");
                }
            }
        }
        return out;
    }

    private static Tensor tensor(TensorData d, int[] shape) {
        return switch (d.dtype()) {
            case F32 -> Tensor.ofFloats(shape, d.floats());
            case I8, U8, BOOL -> Tensor.ofBytes(dev.mnc.runtime.DType.valueOf(d.dtype().name()), shape, d.bytes());
            case I16 -> Tensor.ofShorts(shape, d.shorts());
            case I32 -> Tensor.ofInts(shape, d.ints());
            case I64 -> Tensor.ofLongs(shape, d.longs());
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (Worker w : workers) {
            for (Session s : w.sessions) {
                s.close();
            }
        }
        for (Model m : models) {
            m.close();
        }
    }
}
