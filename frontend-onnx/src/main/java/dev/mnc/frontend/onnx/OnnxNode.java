package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import java.util.List;

/**
 * One ONNX node being imported: its proto, position, the default-domain opset it is read at, and
 * its attributes. {@link #describe()} is how every message names it:
 * {@code node 'Conv_3' (Conv, ai.onnx opset 13)}, or by position and first output when the
 * exporter left it unnamed.
 */
final class OnnxNode {
    private final NodeProto proto;
    private final int index;
    private final int opset;
    private final NodeAttributes attrs;

    OnnxNode(NodeProto proto, int index, int opset) {
        this.proto = proto;
        this.index = index;
        this.opset = opset;
        this.attrs = new NodeAttributes(proto);
    }

    String opType() {
        return proto.getOpType();
    }

    int opset() {
        return opset;
    }

    NodeAttributes attrs() {
        return attrs;
    }

    /** The ONNX node name, or the first output's name for unnamed nodes: what the IR records as origin. */
    List<String> origin() {
        if (!proto.getName().isEmpty()) {
            return List.of(proto.getName());
        }
        return proto.getOutputCount() > 0 && !proto.getOutput(0).isEmpty() ? List.of(proto.getOutput(0)) : List.of();
    }

    String describe() {
        return describe(proto, index, proto.getDomain().isEmpty() ? "ai.onnx" : proto.getDomain(), opset);
    }

    static String describe(NodeProto p, int index, String domain, long opset) {
        String who = !p.getName().isEmpty() ? "'" + p.getName() + "'"
                : "#" + index + (p.getOutputCount() > 0 ? " (output '" + p.getOutput(0) + "')" : "");
        return "node " + who + " (" + p.getOpType() + ", " + domain + " opset " + opset + ")";
    }

    /** Number of inputs, not counting trailing omitted (empty) ones. */
    int numInputs() {
        int n = proto.getInputCount();
        while (n > 0 && proto.getInput(n - 1).isEmpty()) {
            n--;
        }
        return n;
    }

    /** True when optional input {@code i} is given. */
    boolean hasInput(int i) {
        return i < proto.getInputCount() && !proto.getInput(i).isEmpty();
    }

    /** The name of required input {@code i}. */
    String input(int i) {
        if (!hasInput(i)) {
            throw new MncException("input " + i + " is missing");
        }
        return proto.getInput(i);
    }

    /** Checks the number of given inputs lies in [min, max]. */
    void requireInputs(int min, int max) {
        int n = numInputs();
        if (n < min || n > max) {
            throw new MncException("takes " + (min == max ? Integer.toString(min) : min + " to " + max)
                    + " inputs, got " + n);
        }
        for (int i = 0; i < min; i++) {
            input(i);
        }
    }

    int numOutputs() {
        return proto.getOutputCount();
    }

    String output(int i) {
        if (i >= proto.getOutputCount() || proto.getOutput(i).isEmpty()) {
            throw new MncException("output " + i + " is missing");
        }
        return proto.getOutput(i);
    }

    /** The name of optional output {@code i}, or null when absent. */
    String optionalOutput(int i) {
        return i < proto.getOutputCount() && !proto.getOutput(i).isEmpty() ? proto.getOutput(i) : null;
    }
}
