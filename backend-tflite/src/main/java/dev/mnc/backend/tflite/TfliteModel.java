package dev.mnc.backend.tflite;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link TfliteReader} found in a {@code .tflite} file: the main subgraph's inputs, outputs,
 * operators and tensors, the signatures, the metadata and the sizes that {@code mnc inspect}
 * reports.
 *
 * @param schemaVersion the schema version (always 3 for files that read)
 * @param description the model's description string
 * @param subgraphs how many subgraphs the file has (only the first is described)
 * @param inputs the main subgraph's inputs, in order
 * @param outputs its outputs, in order
 * @param operators its operators, in execution order
 * @param tensors all its tensors, by index
 * @param buffers how many buffers the file has (buffer 0 is the reserved empty one)
 * @param signatures the signatures, in file order
 * @param metadata metadata entries by name, with their buffer's bytes
 */
public record TfliteModel(int schemaVersion, String description, int subgraphs, List<TensorInfo> inputs,
        List<TensorInfo> outputs, List<OperatorInfo> operators, List<TensorInfo> tensors, int buffers,
        List<SignatureInfo> signatures, Map<String, byte[]> metadata) {

    public TfliteModel {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        operators = List.copyOf(operators);
        tensors = List.copyOf(tensors);
        signatures = List.copyOf(signatures);
    }

    /** Total parameters: the elements of every tensor some operator reads as a weight, each tensor once. */
    public long parameters() {
        Set<Integer> seen = new HashSet<>();
        long n = 0;
        for (OperatorInfo op : operators) {
            for (int i = 0; i < op.inputs().size(); i++) {
                TensorInfo t = op.inputs().get(i);
                if (OpCosts.isParameter(op.op(), i, t) && seen.add(t.index())) {
                    n += t.elements();
                }
            }
        }
        return n;
    }

    /** Total multiply-accumulates of one run (see {@link OpCosts}). */
    public long macs() {
        long n = 0;
        for (OperatorInfo op : operators) {
            n += op.macs();
        }
        return n;
    }

    /** Bytes of constant data held by the main subgraph's tensors (shared buffers counted once). */
    public long weightBytes() {
        Set<Integer> seen = new HashSet<>();
        long n = 0;
        for (TensorInfo t : tensors) {
            if (t.isConstant() && seen.add(t.buffer())) {
                n += t.dataBytes();
            }
        }
        return n;
    }

    /** How many operators of each kind, in order of first appearance. */
    public Map<String, Integer> operatorCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (OperatorInfo op : operators) {
            m.merge(op.op(), 1, Integer::sum);
        }
        return m;
    }
}
