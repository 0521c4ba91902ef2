package dev.mnc.backend.tflite;

import dev.mnc.ir.MncException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the TFLite writer puts around the graph: the model description, the signature's key and
 * named metadata entries (each stored in a buffer of its own, as the schema's {@code Metadata}
 * table describes), and optionally an image classifier's TFLite Support metadata. Immutable; the
 * {@code with...} methods return changed copies.
 *
 * @param description the model's description string, by default {@code "mnc <version>"}
 * @param signatureKey the key of the one signature naming the graph's inputs and outputs
 * @param metadata metadata name to its bytes, in insertion order
 * @param classifier normalization and labels for TFLite's Task Library, or null for none
 */
public record TfliteOptions(String description, String signatureKey, Map<String, byte[]> metadata,
        ClassifierMetadata classifier) {

    /** The signature key TensorFlow uses for a model's default function. */
    public static final String DEFAULT_SIGNATURE_KEY = "serving_default";
    /** Metadata name TFLite tools read the minimum runtime version from. */
    public static final String MIN_RUNTIME_VERSION = "min_runtime_version";

    public TfliteOptions {
        if (description == null || signatureKey == null || signatureKey.isEmpty() || metadata == null) {
            throw new MncException("TFLite options need a description, a non-empty signature key and a metadata map");
        }
        Map<String, byte[]> copy = new LinkedHashMap<>();
        metadata.forEach((k, v) -> copy.put(k, v.clone()));
        metadata = Collections.unmodifiableMap(copy);
    }

    /** Description {@code "mnc <version>"}, signature {@code serving_default}, no metadata. */
    public static TfliteOptions defaults() {
        String v = TfliteOptions.class.getPackage().getImplementationVersion();
        return new TfliteOptions("mnc " + (v == null ? "(development build)" : v), DEFAULT_SIGNATURE_KEY, Map.of(),
                null);
    }

    public TfliteOptions withDescription(String d) {
        return new TfliteOptions(d, signatureKey, metadata, classifier);
    }

    public TfliteOptions withSignatureKey(String key) {
        return new TfliteOptions(description, key, metadata, classifier);
    }

    /** Adds (or replaces) a metadata entry. */
    public TfliteOptions withMetadata(String name, byte[] value) {
        Map<String, byte[]> m = new LinkedHashMap<>(metadata);
        m.put(name, value);
        return new TfliteOptions(description, signatureKey, m, classifier);
    }

    /** Adds an image classifier's metadata (see {@link ClassifierMetadata}), or removes it with null. */
    public TfliteOptions withClassifierMetadata(ClassifierMetadata m) {
        return new TfliteOptions(description, signatureKey, metadata, m);
    }

    /**
     * Adds the {@code min_runtime_version} entry: the version text (e.g. {@code 2.3.0}) in a
     * 16-byte, zero-padded buffer, the form TFLite's converter writes.
     */
    public TfliteOptions withMinRuntimeVersion(String version) {
        byte[] text = version.getBytes(StandardCharsets.US_ASCII);
        if (text.length >= 16) {
            throw new MncException("min_runtime_version '" + version + "' is longer than 15 characters");
        }
        return withMetadata(MIN_RUNTIME_VERSION, Arrays.copyOf(text, 16));
    }

    /** Metadata values are copies, so callers cannot change the options through them. */
    @Override
    public Map<String, byte[]> metadata() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        metadata.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TfliteOptions t) || !description.equals(t.description) || !signatureKey.equals(t.signatureKey)
                || !metadata.keySet().equals(t.metadata.keySet()) || !java.util.Objects.equals(classifier, t.classifier)) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : metadata.entrySet()) {
            if (!Arrays.equals(e.getValue(), t.metadata.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = (description.hashCode() * 31 + signatureKey.hashCode()) * 31 + java.util.Objects.hashCode(classifier);
        for (Map.Entry<String, byte[]> e : metadata.entrySet()) {
            h = h * 31 + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "TfliteOptions[description=" + description + ", signatureKey=" + signatureKey + ", metadata="
                + metadata.keySet() + ", classifier=" + classifier + "]";
    }
}
