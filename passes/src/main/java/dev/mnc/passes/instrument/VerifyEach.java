package dev.mnc.passes.instrument;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Verifier;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassInstrument;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.Pipeline;

/**
 * {@code --verify-each}: runs {@link Verifier} on the input graph and after every pass, so a pass
 * that breaks an invariant is caught where it happened. The failure names the pass.
 */
public final class VerifyEach implements PassInstrument {

    @Override
    public void runStarted(Graph graph) {
        try {
            Verifier.verify(graph);
        } catch (MncException e) {
            throw new MncException("the input graph is invalid before any pass ran: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterPass(Pass pass, Graph graph, PassResult result) {
        if (pass instanceof Pipeline) {
            return;
        }
        try {
            Verifier.verify(graph);
        } catch (MncException e) {
            throw new MncException("pass '" + pass.info().name() + "' left an invalid graph: " + e.getMessage(), e);
        }
    }
}
