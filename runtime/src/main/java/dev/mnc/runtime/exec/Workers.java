package dev.mnc.runtime.exec;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A fixed pool of worker threads for one session. {@link #run} splits [0, n) into one contiguous
 * chunk per thread (the caller's thread takes the first) and returns when all are done. Kernels
 * split only along independent outputs and accumulate each output in a fixed order, so results
 * are bit-identical whatever the thread count. With one thread nothing is started and work runs
 * on the caller's thread. Each dispatch reuses the same threads and allocates nothing.
 *
 * <p>Ops follow each other within microseconds, so both sides spin briefly ({@link #SPINS} pauses,
 * a few microseconds) for the next dispatch or for the last chunk before they block; a
 * worker idle for longer sleeps on the pool's monitor.
 */
public final class Workers implements AutoCloseable {

    /** A piece of work over [from, to); {@code worker} indexes per-thread scratch. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to, int worker);
    }

    /** Spin-wait iterations before blocking. */
    static final int SPINS = 1 << 8;

    private final Thread[] threads;
    private final Object lock = new Object();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Written before {@link #generation} is bumped, read after it is seen: published by that volatile. */
    private Range task;
    private int size;
    private volatile long generation;
    private volatile boolean closed;

    Workers(int count, String name) {
        threads = new Thread[count - 1];
        for (int i = 0; i < threads.length; i++) {
            int worker = i + 1;
            threads[i] = new Thread(() -> loop(worker), name + "-worker-" + worker);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** Number of threads, the caller's included. */
    public int count() {
        return threads.length + 1;
    }

    /**
     * One scratch object per thread, made once when an op binds: element {@code worker} is what
     * a {@link Range} running on that thread uses.
     */
    public <T> T[] perWorker(IntFunction<T[]> newArray, Supplier<T> make) {
        T[] s = newArray.apply(count());
        for (int i = 0; i < s.length; i++) {
            s[i] = make.get();
        }
        return s;
    }

    /** Runs {@code task} over [0, n) split across the threads. */
    public void run(int n, Range task) {
        int t = count();
        if (t == 1 || n < 2) {
            task.run(0, n, 0);
            return;
        }
        this.task = task;
        this.size = n;
        failure.set(null);
        pending.set(threads.length);
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
        Throwable mine = null;
        try {
            task.run(0, chunk(n, 1, t), 0);
        } catch (RuntimeException | Error e) {
            mine = e;
        }
        for (int spin = 0; pending.get() > 0 && spin < SPINS; spin++) {
            Thread.onSpinWait();
        }
        if (pending.get() > 0) {
            boolean interrupted = false;
            synchronized (lock) {
                while (pending.get() > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        this.task = null;
        if (mine == null) {
            mine = failure.get();
        }
        if (mine instanceof RuntimeException re) {
            throw re;
        }
        if (mine instanceof Error er) {
            throw er;
        }
    }

    private static int chunk(int n, int i, int t) {
        return (int) ((long) n * i / t);
    }

    private void loop(int worker) {
        long seen = 0;
        while (true) {
            long g = generation;
            for (int spin = 0; g == seen && !closed && spin < SPINS; spin++) {
                Thread.onSpinWait();
                g = generation;
            }
            if (g == seen && !closed) {
                synchronized (lock) {
                    while ((g = generation) == seen && !closed) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            // Workers stop only through close().
                        }
                    }
                }
            }
            if (closed) {
                return;
            }
            seen = g;
            try {
                int t = count();
                task.run(chunk(size, worker, t), chunk(size, worker + 1, t), worker);
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
            if (pending.decrementAndGet() == 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
