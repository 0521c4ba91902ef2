package dev.mnc.runtime.exec;

/** One op bound to a session's buffers: running it reads its inputs and writes its outputs. */
@FunctionalInterface
public interface Step {
    void run();
}
