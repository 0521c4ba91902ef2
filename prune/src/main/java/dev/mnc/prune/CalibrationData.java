package dev.mnc.prune;

import dev.mnc.ir.TensorData;
import java.util.List;
import java.util.Map;

/**
 * The inputs pruning measures activations on: a source that can be iterated more than once (the
 * pruner makes several passes, one per group of layers it refits), each element one model run's
 * inputs keyed by graph input name, in the graph's own input layout and shape (NCHW for an
 * imported ONNX model). Implementations may decode images lazily on each pass, so that memory
 * does not grow with the number of images.
 */
public interface CalibrationData extends Iterable<Map<String, TensorData>> {

    /** Number of samples one pass yields (for progress and for splitting off held-out samples). */
    int size();

    /** Samples held in memory. */
    static CalibrationData of(List<Map<String, TensorData>> samples) {
        List<Map<String, TensorData>> copy = List.copyOf(samples);
        return new CalibrationData() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public java.util.Iterator<Map<String, TensorData>> iterator() {
                return copy.iterator();
            }
        };
    }
}
