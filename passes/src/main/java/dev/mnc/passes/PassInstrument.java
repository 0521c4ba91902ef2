package dev.mnc.passes;

import dev.mnc.ir.Graph;

/**
 * Callbacks a {@link Pipeline} makes around each pass it runs (LLVM's pass instrumentation, TVM's
 * instruments): verification, IR printing, timing, dumps. Instruments read the graph, never
 * change it.
 *
 * <p>Lifecycle, for the outermost pipeline of a run: {@link #runStarted} once; then for every pass,
 * nested pipelines included, {@link #beforePass}, the pass, and {@link #afterPass} (or
 * {@link #passFailed} if the pass or another instrument threw); a disabled pass gets only
 * {@link #passSkipped}; finally {@link #runFinished}, always, also after a failure. Every
 * instrument whose {@code beforePass} returned gets its {@code afterPass} or {@code passFailed}
 * call, so stacks (timers) stay balanced. An exception from an instrument fails the run.
 */
public interface PassInstrument {

    /** The outermost pipeline is about to run on {@code graph}. */
    default void runStarted(Graph graph) {}

    /** {@code pass} is about to run. */
    default void beforePass(Pass pass, Graph graph) {}

    /** {@code pass} finished normally. */
    default void afterPass(Pass pass, Graph graph, PassResult result) {}

    /** {@code pass} (or an instrument around it) threw {@code error}, which will propagate. */
    default void passFailed(Pass pass, Graph graph, RuntimeException error) {}

    /** {@code pass} did not run, for {@code reason} (it is disabled). */
    default void passSkipped(Pass pass, String reason) {}

    /** The outermost pipeline finished, normally or not. */
    default void runFinished(Graph graph, boolean succeeded) {}
}
