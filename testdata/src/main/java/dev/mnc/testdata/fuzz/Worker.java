package dev.mnc.testdata.fuzz;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one case at a time on a single daemon thread, so that a hung reader can be abandoned: when a
 * case outlives the timeout the thread is interrupted and left behind (Java cannot stop it) and a
 * fresh thread takes the next case. Also measures the bytes each case allocated, where the JVM
 * can tell (HotSpot's per-thread allocation counter), to expose readers that allocate what a file
 * merely claims.
 */
final class Worker implements AutoCloseable {
    /** What one case did. {@code thrown} is null unless the reader threw; {@code allocated} is -1 if unknown. */
    record Result(boolean finished, Throwable thrown, long nanos, long allocated) {}

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private ExecutorService thread = newThread();
    private int abandoned;

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mnc-fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code target} on {@code input}; a result with {@code finished == false} is a hang. */
    Result run(FuzzTarget target, byte[] input, Duration timeout) throws InterruptedException {
        Future<Result> f = thread.submit(() -> {
            long a0 = THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            Throwable thrown = null;
            try {
                target.accept(input);
            } catch (Throwable t) {
                thrown = t;
            }
            long nanos = System.nanoTime() - t0;
            long allocated = THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes() - a0;
            return new Result(true, thrown, nanos, allocated);
        });
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            thread.shutdownNow();
            abandoned++;
            thread = newThread();
            return new Result(false, null, timeout.toNanos(), -1);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the fuzz worker failed outside the reader", e.getCause());
        }
    }

    /** Threads left running after a hang. */
    int abandoned() {
        return abandoned;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
