package dev.mnc.passes.testing;

import dev.mnc.ir.Graph;
import dev.mnc.ir.TensorData;
import java.util.Map;

/**
 * Runs a graph on concrete inputs: the hook through which golden tests check that a pass kept
 * the graph's meaning (input graph and rewritten graph on the same random data). Today the plain
 * {@link ReferenceEvaluator} implements it; the runtime's kernels will plug in here too.
 */
@FunctionalInterface
public interface GraphEvaluator {

    /** The graph's outputs by name, for inputs by name. */
    Map<String, TensorData> run(Graph graph, Map<String, TensorData> inputs);
}
