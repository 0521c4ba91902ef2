package dev.mnc.passes;

import dev.mnc.ir.MncException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of one pass-manager run (TVM's PassContext, without a thread-local "current"
 * one): disabled passes, option values, instruments and the diagnostics sink. Immutable; it is
 * passed to every pass as an argument, so two runs with different settings can share passes.
 *
 * <p>Options are set by their typed {@link PassOption}, or as text by name for the command line;
 * a name no declared option has is an error listing the known ones. Build a context whose names
 * are checked with {@link PassRegistry#contextBuilder()}.
 */
public final class PassContext {
    private final Set<String> disabled;
    private final Map<String, Object> values;
    private final List<PassInstrument> instruments;
    private final Diagnostics diagnostics;
    private final int depth;

    private PassContext(Set<String> disabled, Map<String, Object> values, List<PassInstrument> instruments,
            Diagnostics diagnostics, int depth) {
        this.disabled = Set.copyOf(disabled);
        this.values = Map.copyOf(values);
        this.instruments = List.copyOf(instruments);
        this.diagnostics = diagnostics;
        this.depth = depth;
    }

    /** Nothing disabled, default options, no instruments, warnings dropped. */
    public static PassContext defaults() {
        return builder().build();
    }

    /** A builder that accepts any pass name and typed options only. */
    public static Builder builder() {
        return new Builder(null, List.of());
    }

    /** A builder that checks pass names against {@code knownPasses} (null: any) and option names against {@code knownOptions}. */
    public static Builder builder(Collection<String> knownPasses, Collection<PassOption<?>> knownOptions) {
        return new Builder(knownPasses, knownOptions);
    }

    public boolean isDisabled(String passName) {
        return disabled.contains(passName);
    }

    public Set<String> disabledPasses() {
        return disabled;
    }

    /** The value set for {@code option}, or its default. */
    public <T> T get(PassOption<T> option) {
        return find(option).orElse(option.defaultValue());
    }

    /** The value set for {@code option}, if one was. */
    public <T> Optional<T> find(PassOption<T> option) {
        Object v = values.get(option.name());
        return v == null ? Optional.empty() : Optional.of(option.type().cast(v));
    }

    public List<PassInstrument> instruments() {
        return instruments;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** 0 for the outermost pipeline's context; nested pipelines see their depth. */
    int depth() {
        return depth;
    }

    PassContext nested() {
        return new PassContext(disabled, values, instruments, diagnostics, depth + 1);
    }

    /** Builds a {@link PassContext}. */
    public static final class Builder {
        private final Set<String> knownPasses;
        private final Map<String, PassOption<?>> knownOptions = new LinkedHashMap<>();
        private final Set<String> disabled = new LinkedHashSet<>();
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<PassInstrument> instruments = new ArrayList<>();
        private Diagnostics diagnostics = Diagnostics.IGNORE;

        private Builder(Collection<String> knownPasses, Collection<PassOption<?>> options) {
            this.knownPasses = knownPasses == null ? null : new TreeSet<>(knownPasses);
            for (PassOption<?> o : options) {
                knownOptions.put(o.name(), o);
            }
        }

        /** Disables passes by name; with a registry-made builder, unknown names are an error. */
        public Builder disable(String... passNames) {
            for (String name : passNames) {
                if (knownPasses != null && !knownPasses.contains(name)) {
                    throw new MncException("cannot disable unknown pass '" + name + "' (known: "
                            + String.join(", ", knownPasses) + ")");
                }
                disabled.add(name);
            }
            return this;
        }

        /** Sets a typed option. */
        public <T> Builder set(PassOption<T> option, T value) {
            values.put(option.name(), option.type().cast(value));
            return this;
        }

        /** Sets an option from text, as {@code --pass-option layout.io=nchw} gives it. */
        public Builder set(String name, String text) {
            PassOption<?> o = knownOptions.get(name);
            if (o == null) {
                throw new MncException("unknown pass option '" + name + "' (known: "
                        + (knownOptions.isEmpty() ? "none" : String.join(", ", new TreeSet<>(knownOptions.keySet())))
                        + ")");
            }
            values.put(name, o.parse(text));
            return this;
        }

        /** Sets {@code name=value} text. */
        public Builder set(String assignment) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new MncException("pass option '" + assignment + "' must be written name=value");
            }
            return set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
        }

        /** Adds an instrument; instruments are called in the order added. */
        public Builder instrument(PassInstrument instrument) {
            instruments.add(instrument);
            return this;
        }

        public Builder diagnostics(Diagnostics sink) {
            diagnostics = sink;
            return this;
        }

        public PassContext build() {
            return new PassContext(disabled, values, instruments, diagnostics, 0);
        }
    }
}
