package dev.mnc.backend.nativeformat.bench;

import dev.mnc.backend.nativeformat.TestModels;

/** Compiled models for the benchmarks. */
final class BenchModels {
    private BenchModels() {}

    static byte[] mobileNetV2(int resolution) {
        return TestModels.mobileNetV2(resolution);
    }
}
