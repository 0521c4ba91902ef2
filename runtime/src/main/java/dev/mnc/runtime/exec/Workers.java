package dev.mnc.runtime.exec;

/**
 * A fixed pool of worker threads for one session. {@link #run} splits [0, n) into one contiguous
 * chunk per thread (the caller's thread takes the first) and returns when all are done. Kernels
 * split only along independent outputs and accumulate each output in a fixed order, so results
 * are bit-identical whatever the thread count. With one thread nothing is started and work runs
 * on the caller's thread. Each dispatch reuses the same threads and allocates nothing.
 */
public final class Workers implements AutoCloseable {

    /** A piece of work over [from, to); {@code worker} indexes per-thread scratch. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to, int worker);
    }

    private final Thread[] threads;
    private final Object lock = new Object();
    private Range task;
    private int size;
    private long generation;
    private int pending;
    private Throwable failure;
    private boolean closed;

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

    /** Runs {@code task} over [0, n) split across the threads. */
    public void run(int n, Range task) {
        int t = count();
        if (t == 1 || n < 2) {
            task.run(0, n, 0);
            return;
        }
        synchronized (lock) {
            this.task = task;
            this.size = n;
            this.failure = null;
            this.pending = threads.length;
            generation++;
            lock.notifyAll();
        }
        Throwable mine = null;
        try {
            task.run(0, chunk(n, 1, t), 0);
        } catch (RuntimeException | Error e) {
            mine = e;
        }
        boolean interrupted = false;
        synchronized (lock) {
            while (pending > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            this.task = null;
            if (mine == null) {
                mine = failure;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
            Range r;
            int n;
            synchronized (lock) {
                while (generation == seen && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Workers stop only through close().
                    }
                }
                if (closed) {
                    return;
                }
                seen = generation;
                r = task;
                n = size;
            }
            Throwable err = null;
            try {
                int t = count();
                r.run(chunk(n, worker, t), chunk(n, worker + 1, t), worker);
            } catch (RuntimeException | Error e) {
                err = e;
            }
            synchronized (lock) {
                if (err != null && failure == null) {
                    failure = err;
                }
                if (--pending == 0) {
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
