package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user tells the importer beyond the file: the shapes of graph inputs
 * ({@code --input-shape x:1,3,48,192}).
 *
 * <p>A binding gives every dim of one input. It fixes dynamic dims and may also change static
 * spatial sizes (224 to 160 for a net that pools globally before its classifier); the importer
 * rejects a binding of the wrong rank or one that changes a channel count the weights fix. An
 * input without a binding keeps its static dims; a dynamic first (batch) dim becomes 1, any other
 * dynamic dim is an error that asks for a binding.
 *
 * @param inputShapes bindings by input name; the arrays are copied
 */
public record ImportOptions(Map<String, long[]> inputShapes) {

    public ImportOptions {
        Map<String, long[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : inputShapes.entrySet()) {
            copy.put(e.getKey(), checkDims(e.getKey(), e.getValue()).clone());
        }
        inputShapes = Collections.unmodifiableMap(copy);
    }

    /** No bindings: static dims as declared, dynamic batch dims 1. */
    public static ImportOptions defaults() {
        return new ImportOptions(Map.of());
    }

    /** A copy with one more binding (replacing any earlier one for the same input). */
    public ImportOptions withInputShape(String input, long... dims) {
        Map<String, long[]> m = new LinkedHashMap<>(inputShapes);
        m.put(input, dims);
        return new ImportOptions(m);
    }

    /** The binding for {@code input}, if any (a copy). */
    public long[] inputShape(String input) {
        long[] d = inputShapes.get(input);
        return d == null ? null : d.clone();
    }

    /**
     * Parses one {@code NAME:D0,D1,...} binding as the command line writes it and adds it. The
     * name is everything before the last colon, so TensorFlow-style names such as
     * {@code input_1:0} work ({@code input_1:0:1,224,224,3}).
     */
    public ImportOptions withInputShape(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new MncException("--input-shape '" + spec + "' must look like NAME:D0,D1,... (e.g. x:1,3,224,224)");
        }
        String name = spec.substring(0, colon);
        String[] parts = spec.substring(colon + 1).split(",", -1);
        long[] dims = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new MncException("--input-shape '" + spec + "': dim " + i + " ('" + parts[i]
                        + "') is not a number; write NAME:D0,D1,... (e.g. x:1,3,224,224)");
            }
        }
        return withInputShape(name, dims);
    }

    private static long[] checkDims(String input, long[] dims) {
        if (dims.length == 0 || dims.length > Shape.MAX_RANK) {
            throw new MncException("--input-shape for '" + input + "' needs 1 to " + Shape.MAX_RANK
                    + " dims, got " + dims.length);
        }
        for (long d : dims) {
            if (d <= 0) {
                throw new MncException("--input-shape for '" + input + "' has a dim that is not positive: "
                        + Arrays.toString(dims));
            }
        }
        return dims;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImportOptions other) || other.inputShapes.size() != inputShapes.size()) {
            return false;
        }
        for (Map.Entry<String, long[]> e : inputShapes.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.inputShapes.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, long[]> e : inputShapes.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ImportOptions{");
        inputShapes.forEach((k, v) -> sb.append(k).append('=').append(Arrays.toString(v)).append(' '));
        return sb.toString().strip() + "}";
    }
}
