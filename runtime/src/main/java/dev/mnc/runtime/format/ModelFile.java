package dev.mnc.runtime.format;

import dev.mnc.runtime.DType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A {@code .mnc} file decoded into its tables, with every structural check done (ranges, indices,
 * offsets, element counts, UTF-8): what {@link ModelParser} returns and the runtime's program
 * builder consumes. Op semantics (shapes that fit each op) are checked later, by the builder.
 *
 * @param buffer the whole file, little-endian; constant blobs are read from it
 * @param arenaSizes element count of each arena, indexed by arena kind (index 0 unused)
 */
public record ModelFile(String source, int majorVersion, int minorVersion, List<TensorRecord> tensors,
        List<OpRecord> ops, long[] arenaSizes, int[] inputs, int[] outputs, Map<String, String> metadata,
        ByteBuffer buffer) {

    /**
     * One row of the tensor table. {@code offset} is an element offset into the dtype's arena for
     * {@link Format#STORAGE_ARENA}, a byte offset into the file for {@link Format#STORAGE_CONSTANT}.
     */
    public record TensorRecord(int index, String name, DType dtype, int storage, int[] shape, int count, long offset,
            QuantRecord quant) {

        public boolean isConstant() {
            return storage == Format.STORAGE_CONSTANT;
        }
    }

    /** Quantization of a tensor: per tensor when {@code axis == -1}, else one entry per slice of {@code axis}. */
    public record QuantRecord(int axis, float[] scales, int[] zeroPoints) {}

    /**
     * One op: its code, the source-model name it came from (for messages), tensor indices (an input
     * may be {@link Format#NO_TENSOR}) and its parameter words.
     */
    public record OpRecord(int index, OpCode op, String name, int[] inputs, int[] outputs, int[] params) {

        /** {@code op 3 'Conv_0' (conv2d)} for messages. */
        public String describe() {
            return "op " + index + " '" + name + "' (" + op.text() + ")";
        }
    }
}
