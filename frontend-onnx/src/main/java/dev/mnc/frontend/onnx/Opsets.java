package dev.mnc.frontend.onnx;

import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.OperatorSetIdProto;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator sets a model imports. mnc reads the default domain ({@code ""} or
 * {@code ai.onnx}) at opsets 7 to 21; other domains may be imported but a node that uses one is
 * an error naming the node, op, domain and opset.
 */
final class Opsets {
    static final int MIN = 7;
    static final int MAX = 21;

    private final Map<String, Long> versions = new HashMap<>();
    private final int defaultVersion;

    Opsets(ModelProto m) {
        if (m.getIrVersion() <= 0) {
            throw new MncException("has no ir_version: not an ONNX model, or a corrupted one");
        }
        if (m.getIrVersion() < 3) {
            throw new MncException("uses ONNX IR version " + m.getIrVersion()
                    + ", which predates opset imports; re-export the model with a current exporter");
        }
        if (m.getOpsetImportCount() == 0) {
            throw new MncException("imports no operator set: not an ONNX model, or a corrupted one");
        }
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            String domain = isDefault(o.getDomain()) ? "" : o.getDomain();
            if (versions.put(domain, o.getVersion()) != null) {
                throw new MncException("imports domain '" + display(domain) + "' twice");
            }
        }
        Long v = versions.get("");
        if (v == null) {
            throw new MncException("imports no opset of the default domain ai.onnx");
        }
        if (v < MIN || v > MAX) {
            throw new MncException("uses opset " + v + " of the default domain ai.onnx; mnc imports opsets " + MIN
                    + " to " + MAX + ": re-export the model at an opset in that range");
        }
        defaultVersion = v.intValue();
    }

    static boolean isDefault(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    private static String display(String domain) {
        return domain.isEmpty() ? "ai.onnx" : domain;
    }

    int defaultVersion() {
        return defaultVersion;
    }

    /** The opset version that governs {@code n} (-1 for a domain the model does not import). */
    int versionOf(NodeProto n) {
        Long v = versions.get(isDefault(n.getDomain()) ? "" : n.getDomain());
        return v == null ? -1 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** Rejects a node of a domain other than the default one. */
    void requireDefaultDomain(NodeProto n, int index) {
        if (!isDefault(n.getDomain())) {
            int v = versionOf(n);
            throw new MncException(OnnxNode.describe(n, index, n.getDomain(), v) + ": domain '" + n.getDomain()
                    + "'" + (v < 0 ? " is not imported by the model and" : "") + " is not supported; mnc imports ops of "
                    + "the default domain ai.onnx only");
        }
    }
}
