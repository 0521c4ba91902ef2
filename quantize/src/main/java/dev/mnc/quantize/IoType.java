package dev.mnc.quantize;

import dev.mnc.ir.MncException;
import java.util.Locale;

/**
 * Element type of a quantized model's inputs and outputs. {@link #FLOAT} keeps the float
 * interface: a {@code quantize} after each input and a {@code dequantize} before each output.
 * {@link #INT8} exposes the int8 tensors themselves. {@link #UINT8} exposes uint8 tensors with the
 * same scale and zero point + 128, converted to and from int8 by a {@code quantize} at each edge,
 * as Google's converter does for uint8 I/O.
 */
public enum IoType {
    FLOAT, INT8, UINT8;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IoType fromText(String s) {
        for (IoType t : values()) {
            if (t.text().equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        throw new MncException("unknown model I/O type '" + s + "' (known: float, int8, uint8)");
    }
}
