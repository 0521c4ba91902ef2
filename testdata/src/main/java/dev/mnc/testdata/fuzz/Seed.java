package dev.mnc.testdata.fuzz;

/**
 * A valid file that mutators start from, with a short name for reports. The bytes are shared, never
 * modified: every mutator works on a copy.
 */
public record Seed(String name, byte[] bytes) {
    public Seed {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("seed " + name + " is empty");
        }
    }

    @Override
    public String toString() {
        return name + " (" + bytes.length + " bytes)";
    }
}
