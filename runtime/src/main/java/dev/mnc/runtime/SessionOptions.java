package dev.mnc.runtime;

/**
 * How a {@link Session} runs. {@code threads} is the number of threads one run uses, the caller's
 * included: 1 (the default) runs everything on the caller's thread, best for single-image latency;
 * more starts a fixed pool of {@code threads - 1} workers at session creation that split each heavy
 * op (convolutions, pooling, large elementwise ops) by output rows. Results are bit-identical to a
 * single thread.
 */
public record SessionOptions(int threads) {

    /** Most threads a session may use. */
    public static final int MAX_THREADS = 256;

    public SessionOptions {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
    }

    /** One thread. */
    public static SessionOptions defaults() {
        return new SessionOptions(1);
    }

    public SessionOptions withThreads(int n) {
        return new SessionOptions(n);
    }
}
