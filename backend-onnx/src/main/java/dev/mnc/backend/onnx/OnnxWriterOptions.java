package dev.mnc.backend.onnx;

import dev.mnc.ir.MncException;

/**
 * Choices for {@link OnnxWriter}.
 *
 * <p>The writer targets ONNX opset 13, the opset every IR op maps onto, except for
 * {@code hard_swish}: ONNX has HardSwish only from opset 14. With {@code maxOpset} 14 (the
 * default) a graph that holds a {@code hard_swish} is written at opset 14 with HardSwish nodes (every
 * other op used has the same semantics at 13 and 14); with {@code maxOpset} 13 it stays at opset 13
 * and each hard swish is written in its primitive form x * Clip(x + 3, 0, 6) / 6, as PyTorch and
 * paddle2onnx exported it before opset 14.
 *
 * @param maxOpset the newest opset the file may use: 13 or 14
 * @param producerName written as the model's {@code producer_name}
 */
public record OnnxWriterOptions(int maxOpset, String producerName) {

    public OnnxWriterOptions {
        if (maxOpset != 13 && maxOpset != 14) {
            throw new MncException("the ONNX writer writes opset 13 or 14, not " + maxOpset);
        }
        if (producerName == null || producerName.isBlank()) {
            throw new MncException("the ONNX producer name must not be empty");
        }
    }

    /** Opset 14 when the graph needs it, producer {@code mnc}. */
    public static OnnxWriterOptions defaults() {
        return new OnnxWriterOptions(14, "mnc");
    }

    public OnnxWriterOptions withMaxOpset(int opset) {
        return new OnnxWriterOptions(opset, producerName);
    }

    public OnnxWriterOptions withProducerName(String name) {
        return new OnnxWriterOptions(maxOpset, name);
    }
}
