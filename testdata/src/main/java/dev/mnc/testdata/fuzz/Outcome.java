package dev.mnc.testdata.fuzz;

/** How a reader took one damaged file. The last three fail a fuzz test. */
public enum Outcome {
    /** Read (and used) without complaint: the damage left a valid file. */
    ACCEPTED,
    /** Refused with the reader's typed error and a one-line message that follows the campaign's rule. */
    REJECTED,
    /** Refused with the typed error, but the message is empty, spans lines or does not name the file. */
    BAD_MESSAGE,
    /** Any other exception or error: an index, null pointer, out-of-memory or stack overflow. */
    CRASH,
    /** Still running when the per-case timeout expired. */
    HANG;

    /** True for outcomes that fail a fuzz test. */
    public boolean isFailure() {
        return this == BAD_MESSAGE || this == CRASH || this == HANG;
    }

    /** Lower-case name with spaces, for reports. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
