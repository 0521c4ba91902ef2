package dev.mnc.runtime.exec;

import dev.mnc.runtime.DType;
import dev.mnc.runtime.format.ModelFile;

/**
 * A tensor of a loaded program: its name, type and shape, and where its elements live: in the
 * session arena of its dtype at {@code offset}, or, for a constant, in {@code constant} (an array
 * of the dtype's Java type, decoded once at load and shared by all sessions).
 */
public final class Slot {
    final int index;
    final String name;
    final DType dtype;
    final int[] shape;
    final int count;
    final int offset;
    final Object constant;
    final ModelFile.QuantRecord quant;

    Slot(int index, String name, DType dtype, int[] shape, int count, int offset, Object constant,
            ModelFile.QuantRecord quant) {
        this.index = index;
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.count = count;
        this.offset = offset;
        this.constant = constant;
        this.quant = quant;
    }

    /** Position in the model's tensor table. */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** True when {@code dims} equals this slot's shape (no copy made). */
    public boolean hasShape(int[] dims) {
        return java.util.Arrays.equals(shape, dims);
    }

    public int count() {
        return count;
    }

    public boolean isConstant() {
        return constant != null;
    }

    /** The quantization record, or null. */
    public ModelFile.QuantRecord quant() {
        return quant;
    }

    int rank() {
        return shape.length;
    }

    int dim(int i) {
        return shape[i];
    }
}
