package dev.mnc.frontend.onnx;

import dev.mnc.ir.DType;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;

/**
 * What an ONNX tensor name stands for during import: a constant whose data the importer knows
 * (an initializer, a Constant node, or a folded shape computation), an IR value computed at run
 * time, or both once a constant has been materialized into the graph for an IR node to read.
 */
final class Operand {
    private final TensorData data;
    private final Value value;

    private Operand(TensorData data, Value value) {
        this.data = data;
        this.value = value;
    }

    static Operand constant(TensorData data) {
        return new Operand(data, null);
    }

    static Operand runtime(Value value) {
        return new Operand(value.isConstant() ? value.data() : null, value);
    }

    boolean isConstant() {
        return data != null;
    }

    /** The constant's data; only for {@link #isConstant()} operands. */
    TensorData data() {
        if (data == null) {
            throw new IllegalStateException("not a constant");
        }
        return data;
    }

    /** The IR value, or null for a constant not yet in the graph. */
    Value value() {
        return value;
    }

    TensorType type() {
        return value != null ? value.type() : data.type();
    }

    Shape shape() {
        return type().shape();
    }

    DType dtype() {
        return type().dtype();
    }

    int rank() {
        return shape().rank();
    }
}
