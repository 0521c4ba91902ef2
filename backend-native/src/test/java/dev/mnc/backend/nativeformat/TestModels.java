package dev.mnc.backend.nativeformat;

/** Compiled test models other test packages (the benchmarks) use. */
public final class TestModels {
    private TestModels() {}

    /** A compiled MobileNetV2-shaped model at the given input resolution (see {@link MobileNetV2Graph}). */
    public static byte[] mobileNetV2(int resolution) {
        return NativeCompiler.compile(MobileNetV2Graph.build(resolution, 7));
    }

    /** The same network quantized to int8 (see {@link MobileNetV2Int8Graph}): int8 input and logits. */
    public static byte[] mobileNetV2Int8(int resolution) {
        return NativeCompiler.compile(MobileNetV2Int8Graph.build(resolution, 7));
    }
}
