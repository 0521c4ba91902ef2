package dev.mnc.passes;

/**
 * Layout of a converted model's rank-4 inputs and outputs ({@code layout.io}, the command line's
 * {@code --io-layout}): {@link #NHWC} like Google's TFLite converter (the boundary changes, no
 * transpose inside), or {@link #NCHW} to keep the ONNX model's contract (one transpose per rank-4
 * input and output).
 */
public enum IoLayout {
    NHWC, NCHW
}
