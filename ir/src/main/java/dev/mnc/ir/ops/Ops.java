package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Every op by its text name, for the text parser and for listings. */
public final class Ops {
    private static final Map<String, Function<Attrs, Op>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("conv2d", Conv2d::fromAttrs);
        FACTORIES.put("conv_transpose2d", ConvTranspose2d::fromAttrs);
        FACTORIES.put("batch_norm", BatchNorm::fromAttrs);
        FACTORIES.put("relu", a -> new Relu());
        FACTORIES.put("clip", Clip::fromAttrs);
        FACTORIES.put("sigmoid", a -> new Sigmoid());
        FACTORIES.put("hard_sigmoid", HardSigmoid::fromAttrs);
        FACTORIES.put("hard_swish", a -> new HardSwish());
        FACTORIES.put("leaky_relu", LeakyRelu::fromAttrs);
        for (Binary.Kind k : Binary.Kind.values()) {
            FACTORIES.put(k.text(), a -> Binary.fromAttrs(k, a));
        }
        FACTORIES.put("avg_pool2d", AvgPool2d::fromAttrs);
        FACTORIES.put("max_pool2d", MaxPool2d::fromAttrs);
        FACTORIES.put("mean", Mean::fromAttrs);
        FACTORIES.put("reshape", Reshape::fromAttrs);
        FACTORIES.put("transpose", Transpose::fromAttrs);
        FACTORIES.put("concat", Concat::fromAttrs);
        FACTORIES.put("softmax", Softmax::fromAttrs);
        FACTORIES.put("pad", Pad::fromAttrs);
        FACTORIES.put("resize", Resize::fromAttrs);
        FACTORIES.put("fully_connected", FullyConnected::fromAttrs);
        FACTORIES.put("matmul", a -> new MatMul());
        FACTORIES.put("gather", Gather::fromAttrs);
        FACTORIES.put("slice", Slice::fromAttrs);
        FACTORIES.put("cast", Cast::fromAttrs);
        FACTORIES.put("identity", a -> new Identity());
        FACTORIES.put("quantize", Quantize::fromAttrs);
        FACTORIES.put("dequantize", a -> new Dequantize());
    }

    private Ops() {}

    /** Names of all ops. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    /** Builds the op called {@code name} from its attributes. */
    public static Op create(String name, Attrs attrs) {
        Function<Attrs, Op> f = FACTORIES.get(name);
        if (f == null) {
            throw new MncException("unknown op '" + name + "'");
        }
        Op op = f.apply(attrs);
        if (!attrs.unread().isEmpty()) {
            throw new MncException(name + " has no attribute " + attrs.unread());
        }
        return op;
    }
}
