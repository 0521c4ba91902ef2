package dev.mnc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An SSA value: produced once (by a node, or as a graph input, or as a constant) and read by any
 * number of nodes. Its name is unique in the graph and is the user's name where one existed (the
 * ONNX tensor name), so reports and errors speak the model's language.
 */
public final class Value {
    private String name;
    private TensorType type;
    private QuantParams quant;
    private TensorData data;
    Node producer;
    final List<Node> users = new ArrayList<>();

    Value(String name, TensorType type) {
        this.name = name;
        this.type = type;
    }

    public String name() {
        return name;
    }

    void rename(String newName) {
        this.name = newName;
    }

    public TensorType type() {
        return type;
    }

    /** Sets the type; passes that change layouts or shapes call {@link Graph#inferTypes()} instead. */
    public void setType(TensorType type) {
        if (data != null && !type.shape().equals(data.shape())) {
            throw new IllegalStateException("constant " + name + " has data of shape " + data.shape());
        }
        this.type = type;
    }

    public Shape shape() {
        return type.shape();
    }

    public DType dtype() {
        return type.dtype();
    }

    /** Quantization parameters, or null for a float (or not yet quantized) value. */
    public QuantParams quant() {
        return quant;
    }

    public void setQuant(QuantParams quant) {
        this.quant = quant;
    }

    /** True for constants (weights, biases, folded shapes). */
    public boolean isConstant() {
        return data != null;
    }

    /** The constant's data; throws if this is not a constant. */
    public TensorData data() {
        if (data == null) {
            throw new IllegalStateException(name + " is not a constant");
        }
        return data;
    }

    void setData(TensorData data) {
        this.data = data;
    }

    /** The node that produces this value, or null for graph inputs and constants. */
    public Node producer() {
        return producer;
    }

    /** Nodes reading this value, once per input slot (a node reading it twice appears twice). */
    public List<Node> users() {
        return Collections.unmodifiableList(users);
    }

    @Override
    public String toString() {
        return (isConstant() ? "@" : "%") + name + ": " + type;
    }
}
