package dev.mnc.passes;

import dev.mnc.ir.MncException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * All passes a run can name: the built-ins ({@link BuiltinPasses}) and users' passes found with
 * {@link ServiceLoader} ({@code META-INF/services/dev.mnc.passes.Pass} in a jar on the class path),
 * each with its origin ({@code builtin}, or the jar or folder its class came from). Two passes with
 * one name are an error naming both origins, as are two different options with one name.
 *
 * <p>Turns a {@code --passes a,b,c} spec into a {@link Pipeline} and makes {@link PassContext}
 * builders that check pass and option names.
 */
public final class PassRegistry implements PassLookup {
    /** Origin of the passes shipped with mnc. */
    public static final String BUILTIN = "builtin";

    /** A registered pass and where it came from. */
    public record Entry(Pass pass, String origin) {
        public String name() {
            return pass.info().name();
        }
    }

    private final Map<String, Entry> entries;
    private final Map<String, PassOption<?>> options;

    private PassRegistry(Map<String, Entry> entries) {
        this.entries = entries;
        Map<String, PassOption<?>> opts = new LinkedHashMap<>();
        Map<String, String> declaredBy = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            for (PassOption<?> o : e.pass().options()) {
                PassOption<?> prev = opts.putIfAbsent(o.name(), o);
                if (prev != null && prev != o) {
                    throw new MncException("pass option '" + o.name() + "' is declared by pass '"
                            + declaredBy.get(o.name()) + "' and by pass '" + e.name() + "' (" + e.origin()
                            + "); rename one");
                }
                declaredBy.putIfAbsent(o.name(), e.name() + "' (" + e.origin() + ")");
            }
        }
        this.options = opts;
    }

    /** The built-in passes only. */
    public static PassRegistry builtins() {
        return builder().addBuiltins().build();
    }

    /** The built-in passes plus every pass {@link ServiceLoader} finds through {@code loader}. */
    public static PassRegistry load(ClassLoader loader) {
        return builder().addBuiltins().addServices(loader).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Pass> find(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.pass());
    }

    /** The pass called {@code name}; an error listing the known names otherwise. */
    public Pass get(String name) {
        return find(name).orElseThrow(() -> new MncException("unknown pass '" + name + "' (known: " + knownNames()
                + ")"));
    }

    /** All entries in registration order (built-ins first). */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Every option any registered pass declares. */
    public Collection<PassOption<?>> options() {
        return List.copyOf(options.values());
    }

    private String knownNames() {
        return String.join(", ", new TreeSet<>(entries.keySet()));
    }

    /**
     * A pipeline from a comma-separated list of pass names, such as {@code --passes} gives
     * ({@code "fold-batchnorm,my-pass"}); required passes are resolved in this registry.
     */
    public Pipeline parse(String spec) {
        List<Pass> passes = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String name = raw.trim();
            if (name.isEmpty()) {
                throw new MncException("pass list '" + spec + "' has an empty name; write names separated by commas");
            }
            passes.add(get(name));
        }
        return new Pipeline("passes", "runs " + spec.replace(" ", ""), passes, this);
    }

    /** A context builder that rejects unknown pass and option names, listing the known ones. */
    public PassContext.Builder contextBuilder() {
        return PassContext.builder(entries.keySet(), options.values());
    }

    /** A table of every pass: name, origin, idempotence, summary, then the options. */
    public String describe() {
        int width = 4;
        for (String n : entries.keySet()) {
            width = Math.max(width, n.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + width + "s  %s%n", "PASS", "SUMMARY"));
        for (Entry e : entries.values()) {
            PassInfo i = e.pass().info();
            sb.append(String.format("%-" + width + "s  %s%n", i.name(), i.summary()));
            List<String> facts = new ArrayList<>();
            facts.add("origin: " + e.origin());
            if (!i.requires().isEmpty()) {
                facts.add("requires: " + String.join(",", i.requires()));
            }
            if (!i.idempotent()) {
                facts.add("not idempotent");
            }
            sb.append(String.format("%-" + width + "s    %s%n", "", String.join("; ", facts)));
        }
        if (!options.isEmpty()) {
            sb.append(String.format("%nOPTIONS (--pass-option name=value)%n"));
            for (PassOption<?> o : options.values()) {
                sb.append("  ").append(o.name()).append('=').append(o.allowedValues()).append(" (default ")
                        .append(o.format(o.defaultValue())).append("): ").append(o.description())
                        .append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** Where a class was loaded from: its jar or class folder, or a note when the JVM does not say. */
    static String originOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        if (url == null) {
            return "unknown location of " + type.getName();
        }
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return url.toString();
        }
    }

    /** Collects passes, refusing a second pass of the same name. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        /** Adds {@link BuiltinPasses#all()} with origin {@link #BUILTIN}. */
        public Builder addBuiltins() {
            for (Pass p : BuiltinPasses.all()) {
                add(p, BUILTIN);
            }
            return this;
        }

        /** Adds every pass {@link ServiceLoader} finds through {@code loader}, with its jar as origin. */
        public Builder addServices(ClassLoader loader) {
            Iterator<Pass> it = ServiceLoader.load(Pass.class, loader).iterator();
            while (true) {
                Pass p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError e) {
                    throw new MncException("cannot load a pass plugin listed in META-INF/services/"
                            + Pass.class.getName() + ": " + e.getMessage()
                            + "; check that the class exists, is public and has a public no-argument constructor", e);
                }
                add(p, originOf(p.getClass()));
            }
            return this;
        }

        /** Adds one pass; {@code origin} is shown by {@link #describe()} and in clash errors. */
        public Builder add(Pass pass, String origin) {
            PassInfo info;
            try {
                info = pass.info();
            } catch (MncException e) {
                throw e.within("pass class " + pass.getClass().getName() + " (" + origin + ")");
            }
            Entry prev = entries.get(info.name());
            if (prev != null) {
                throw new MncException("two passes are named '" + info.name() + "': " + describe(prev.pass(), prev.origin())
                        + " and " + describe(pass, origin) + "; rename one of them");
            }
            entries.put(info.name(), new Entry(pass, origin));
            return this;
        }

        private static String describe(Pass p, String origin) {
            return p.getClass().getName() + " from " + origin;
        }

        public PassRegistry build() {
            return new PassRegistry(new LinkedHashMap<>(entries));
        }
    }
}
