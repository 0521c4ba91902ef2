package dev.mnc.frontend.onnx;

/**
 * Bounds the importer checks before it allocates, so that a hostile or broken file ends in a
 * clear error instead of an OutOfMemoryError or an endless loop. Each is far above what any
 * MobileNet needs (MobileNetV2: 14 MB, 156 nodes, largest tensor 1.2 M elements).
 */
final class Limits {
    private Limits() {}

    /** Protobuf cannot parse messages of 2 GiB or more; bigger weights must be external data. */
    static final long MAX_MODEL_BYTES = Integer.MAX_VALUE - 8L;

    /** Nodes in the main graph. */
    static final int MAX_NODES = 200_000;

    /** Elements of a tensor the importer computes itself (folded shapes, ConstantOfShape, Range, Expand). */
    static final long MAX_FOLDED_ELEMENTS = 1L << 24;

    /** Bytes of one tensor's data (what a Java array can hold). */
    static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8L;
}
