package dev.mnc.passes;

import dev.mnc.ir.MncException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A typed setting that a pass declares (in {@link Pass#options()}) and reads from the
 * {@link PassContext}: for example {@code layout.io} = {@code nhwc|nchw}. The command line sets it
 * as text; {@link #parse} turns the text into the typed value or says which values are allowed.
 *
 * @param <T> the value type
 */
public final class PassOption<T> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    private final String name;
    private final String description;
    private final Class<T> type;
    private final T defaultValue;
    private final String allowed;
    private final Function<String, T> parser;

    private PassOption(String name, String description, Class<T> type, T defaultValue, String allowed,
            Function<String, T> parser) {
        if (!NAME.matcher(name).matches()) {
            throw new MncException("pass option name '" + name + "' must look like group.key (e.g. layout.io)");
        }
        this.name = name;
        this.description = description;
        this.type = type;
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.allowed = allowed;
        this.parser = parser;
    }

    /** An option whose values are an enum's constants, written in lower case. */
    public static <E extends Enum<E>> PassOption<E> ofEnum(String name, String description, E defaultValue) {
        @SuppressWarnings("unchecked")
        Class<E> type = (Class<E>) defaultValue.getDeclaringClass();
        E[] constants = type.getEnumConstants();
        String allowed = Arrays.stream(constants).map(PassOption::text).collect(Collectors.joining("|"));
        return new PassOption<>(name, description, type, defaultValue, allowed, s -> {
            for (E e : constants) {
                if (text(e).equals(s)) {
                    return e;
                }
            }
            return null;
        });
    }

    /** A true/false option. */
    public static PassOption<Boolean> ofBoolean(String name, String description, boolean defaultValue) {
        return new PassOption<>(name, description, Boolean.class, defaultValue, "true|false",
                s -> s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null);
    }

    /** A number in [min, max]. */
    public static PassOption<Double> ofDouble(String name, String description, double defaultValue, double min,
            double max) {
        return new PassOption<>(name, description, Double.class, defaultValue, "a number in [" + min + ", " + max + "]",
                s -> {
                    try {
                        double d = Double.parseDouble(s);
                        return d >= min && d <= max ? d : null;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                });
    }

    private static String text(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The allowed values, for help texts: {@code nhwc|nchw}. */
    public String allowedValues() {
        return allowed;
    }

    /** The typed value of {@code text}; an {@link MncException} naming the option and its allowed values otherwise. */
    public T parse(String text) {
        T v = parser.apply(text.trim());
        if (v == null) {
            throw new MncException("pass option " + name + " cannot be '" + text + "' (allowed: " + allowed + ")");
        }
        return v;
    }

    /** Text of a value as {@link #parse} reads it. */
    public String format(Object value) {
        return value instanceof Enum<?> e ? text(e) : String.valueOf(value);
    }

    @Override
    public String toString() {
        return name + "=" + allowed + " (default " + format(defaultValue) + ")";
    }
}
