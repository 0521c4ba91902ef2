package dev.mnc.runtime.exec;

import dev.mnc.runtime.format.ModelFile;

/**
 * A validated op of a program: its record, its input and output slots, and whatever it prepared at
 * load (packed weights, iteration plans). Immutable and shared by every session of the model;
 * {@link #bind} makes the session's runnable {@link Step}, with any per-session scratch.
 */
public abstract class Operator {
    final ModelFile.OpRecord record;
    final Slot[] inputs;
    final Slot[] outputs;

    Operator(OpContext c) {
        this.record = c.record;
        this.inputs = c.inputSlots();
        this.outputs = c.outputSlots();
    }

    /** The file record: opcode, name, tensor indices. */
    public ModelFile.OpRecord record() {
        return record;
    }

    /** Input slots; an absent optional input is null. */
    public Slot[] inputs() {
        return inputs.clone();
    }

    public Slot[] outputs() {
        return outputs.clone();
    }

    /** True when the op only renames its input's storage (a reshape or identity planned in place). */
    boolean isAlias() {
        return false;
    }

    abstract Step bind(Buffers b, Workers w);
}
