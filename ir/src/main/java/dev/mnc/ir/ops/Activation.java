package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;

/**
 * An activation fused into the op that produces a value, as TFLite fuses them: the op's result is
 * clamped to [{@link #min()}, {@link #max()}] before it is stored. Only these three clamps have a
 * TFLite encoding; any other bounds stay a separate {@link Clip}.
 */
public enum Activation {
    NONE("none", Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
    RELU("relu", 0f, Float.POSITIVE_INFINITY),
    RELU6("relu6", 0f, 6f),
    RELU_N1_TO_1("relu_n1_to_1", -1f, 1f);

    private final String text;
    private final float min;
    private final float max;

    Activation(String text, float min, float max) {
        this.text = text;
        this.min = min;
        this.max = max;
    }

    public String text() {
        return text;
    }

    public float min() {
        return min;
    }

    public float max() {
        return max;
    }

    /** The fused activation that clamps exactly to [min, max], or null if there is none. */
    public static Activation forBounds(float min, float max) {
        for (Activation a : values()) {
            if (a != NONE && a.min == min && a.max == max) {
                return a;
            }
        }
        return null;
    }

    public static Activation fromText(String s) {
        for (Activation a : values()) {
            if (a.text.equals(s)) {
                return a;
            }
        }
        throw new MncException("unknown activation '" + s + "' (known: none, relu, relu6, relu_n1_to_1)");
    }
}
