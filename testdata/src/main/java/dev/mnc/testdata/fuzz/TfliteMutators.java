package dev.mnc.testdata.fuzz;

import java.util.List;

/**
 * Structure-aware mutation of TFLite flatbuffers: rewrites one field that {@link TfliteLayout} finds,
 * an offset, vtable entry, vector length, buffer or tensor index, tensor shape dimension, element
 * type, operator code index or option value, with a value chosen for what the field means. Unlike
 * a bit flip, which mostly lands in weights, every case hits structure the reader must check.
 */
public final class TfliteMutators {
    private TfliteMutators() {}

    /** The fields {@link #fields()} chooses from in a TFLite file (none if it is not one). */
    public static List<Field> fieldsOf(byte[] file) {
        return TfliteLayout.fields(file);
    }

    /** Rewrites one field (see the class comment). */
    public static Mutator fields() {
        return new FieldMutator("tflite-field", TfliteLayout::fields, b -> b);
    }
}
