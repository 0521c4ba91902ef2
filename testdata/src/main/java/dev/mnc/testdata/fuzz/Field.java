package dev.mnc.testdata.fuzz;

/**
 * A little-endian field of a binary file that a structure-aware mutator may rewrite: what it is
 * (for the report), where it lies, how many bytes wide it is, and what kind of number it holds,
 * which decides the values tried on it.
 *
 * @param what e.g. {@code "tensor 3 dim 1"} or {@code "vtable of operator 2, field 0"}
 * @param offset byte offset in the file
 * @param width 1, 2, 4 or 8
 * @param kind what the number means
 */
public record Field(String what, int offset, int width, Kind kind) {

    /** What a field's number means to the reader. */
    public enum Kind {
        /** A position in the file (absolute or relative): tried at nearby, far, negative and end-of-file values. */
        OFFSET,
        /** A byte or element count that sizes what follows it: tried at zero, off by one, doubled and huge. */
        LENGTH,
        /** An index into a table (a tensor, a buffer, a string): tried at -1, the end of the table and beyond. */
        INDEX,
        /** A tensor dimension or rank: tried at zero, negative, doubled and overflowing. */
        DIM,
        /** An enumeration (element type, opcode, version, flags): tried at neighbours and unknown codes. */
        CODE,
        /** A 32-bit float: tried at NaN, infinities, zero, negative and extreme values. */
        FLOAT,
        /** An op parameter word (an int or a float's bits): tried at small and extreme ints and odd float bits. */
        PARAM
    }

    public Field {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("field " + what + " has width " + width);
        }
    }
}
