package dev.mnc.ir;

import java.util.Objects;

/**
 * One dimension of a shape: a static size, or a named dynamic dimension such as
 * {@code batch_size} (ONNX's {@code dim_param}) that the user binds at import time.
 */
public record Dim(long size, String symbol) {

    /** Marker size of a dynamic dimension. */
    public static final long DYNAMIC = -1;

    public Dim {
        if (symbol == null && size < 0) {
            throw new MncException("dimension size " + size + " is negative");
        }
        if (symbol != null && size != DYNAMIC) {
            throw new IllegalArgumentException("a named dimension has no static size");
        }
    }

    public static Dim of(long size) {
        return new Dim(size, null);
    }

    public static Dim dynamic(String symbol) {
        return new Dim(DYNAMIC, Objects.requireNonNull(symbol));
    }

    public boolean isStatic() {
        return symbol == null;
    }

    @Override
    public String toString() {
        return isStatic() ? Long.toString(size) : symbol;
    }
}
