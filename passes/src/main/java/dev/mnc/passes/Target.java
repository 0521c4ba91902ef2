package dev.mnc.passes;

/**
 * What the optimized graph is for, which decides the default pipeline's details.
 * {@link #TFLITE}: a TFLite flatbuffer, inputs and outputs NHWC by default as Google's converter
 * makes them. {@link #NATIVE}: mnc's own runtime, which computes in NHWC inside but keeps the
 * ONNX model's NCHW inputs and outputs by default, so the same tensors that fed ONNX Runtime feed it.
 */
public enum Target {
    TFLITE(IoLayout.NHWC), NATIVE(IoLayout.NCHW);

    private final IoLayout defaultIoLayout;

    Target(IoLayout defaultIoLayout) {
        this.defaultIoLayout = defaultIoLayout;
    }

    /** The layout of model inputs and outputs when the user does not choose one. */
    public IoLayout defaultIoLayout() {
        return defaultIoLayout;
    }
}
