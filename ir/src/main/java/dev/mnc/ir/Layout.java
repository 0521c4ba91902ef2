package dev.mnc.ir;

/**
 * Memory order of a 4-D activation. ONNX graphs arrive in {@link #NCHW}; TFLite and the native
 * runtime want {@link #NHWC} (channels innermost, so a pointwise conv is a plain matrix product).
 * Spatial ops carry their layout as an attribute; {@link #NONE} marks tensors with no spatial
 * meaning (vectors, weights, flattened features).
 */
public enum Layout {
    NONE, NCHW, NHWC;

    /** Axis of channels in a rank-4 tensor of this layout. */
    public int channelAxis() {
        return switch (this) {
            case NCHW -> 1;
            case NHWC -> 3;
            case NONE -> throw new IllegalStateException("a tensor without layout has no channel axis");
        };
    }

    /** Axis of height; width is the next one. */
    public int heightAxis() {
        return switch (this) {
            case NCHW -> 2;
            case NHWC -> 1;
            case NONE -> throw new IllegalStateException("a tensor without layout has no spatial axes");
        };
    }

    public int widthAxis() {
        return heightAxis() + 1;
    }

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Layout fromText(String s) {
        for (Layout l : values()) {
            if (l.text().equals(s)) {
                return l;
            }
        }
        throw new MncException("unknown layout '" + s + "' (known: nchw, nhwc, none)");
    }
}
