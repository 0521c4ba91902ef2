package dev.mnc.frontend.onnx;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Every ONNX op mnc imports (default domain), by op type. */
final class OpRegistry {
    private static final Map<String, OpConverter> CONVERTERS = build();

    private OpRegistry() {}

    private static Map<String, OpConverter> build() {
        Map<String, OpConverter> m = new HashMap<>();
        ConvOps.register(m);
        PoolOps.register(m);
        BatchNormOp.register(m);
        ActivationOps.register(m);
        ArithmeticOps.register(m);
        ShapeOps.register(m);
        DataOps.register(m);
        ConstantOps.register(m);
        LinearOps.register(m);
        SoftmaxOp.register(m);
        PadOp.register(m);
        ResizeOps.register(m);
        return Collections.unmodifiableMap(m);
    }

    /** The converter for {@code opType}, or null when mnc does not import it. */
    static OpConverter find(String opType) {
        return CONVERTERS.get(opType);
    }

    /** Supported op types, sorted. */
    static Set<String> supported() {
        return Collections.unmodifiableSet(new TreeSet<>(CONVERTERS.keySet()));
    }
}
