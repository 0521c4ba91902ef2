package dev.mnc.backend.tflite;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;

/** The one-line error for a node TFLite cannot express: which node, why, and what to do. */
final class Unsupported {
    private Unsupported() {}

    /** {@code node 'Conv_3' (conv2d): cannot be written as TFLite: <reason>; <what to do>}. */
    static MncException of(Node n, String reason, String whatToDo) {
        return new MncException(n.describe() + ": cannot be written as TFLite: " + reason + "; " + whatToDo);
    }
}
