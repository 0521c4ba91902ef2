package dev.mnc.ir.ops;

import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorType;
import java.util.List;

/**
 * Elementwise arithmetic on two inputs with numpy broadcasting, and an optional fused activation:
 * y = act(a OP b). The residual {@code add} of MobileNetV2, the SE-block {@code mul} and the bias
 * {@code add} of a matmul are all this op.
 */
public record Binary(Kind kind, Activation activation) implements Op {

    /** The arithmetic operation. */
    public enum Kind {
        ADD("add"), SUB("sub"), MUL("mul"), DIV("div");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Applies the operation to two floats. */
        public float apply(float a, float b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
            };
        }

        public static Kind fromText(String s) {
            for (Kind k : values()) {
                if (k.text.equals(s)) {
                    return k;
                }
            }
            throw new MncException("unknown binary op '" + s + "'");
        }
    }

    public static Binary of(Kind kind) {
        return new Binary(kind, Activation.NONE);
    }

    public Binary withActivation(Activation a) {
        return new Binary(kind, a);
    }

    @Override
    public String name() {
        return kind.text();
    }

    @Override
    public Attrs attrs() {
        return Attrs.builder().putIfNot("act", activation.text(), Activation.NONE.text()).build();
    }

    static Binary fromAttrs(Kind kind, Attrs a) {
        return new Binary(kind, Activation.fromText(a.getString("act", "none")));
    }

    @Override
    public List<TensorType> inferTypes(List<TensorType> in) {
        ShapeRules.arity(name(), in, 2, 2);
        var dtype = ShapeRules.sameDType(name(), in);
        var shape = ShapeRules.broadcast(in.get(0).shape(), in.get(1).shape());
        return List.of(ShapeRules.type(dtype, shape, ShapeRules.commonLayout(name(), in, shape.rank())));
    }
}
