package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.ModelFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A model ready to run, built from a parsed file and checked beyond the file's structure: constants
 * decoded into Java arrays; dataflow in order (every op reads only constants, model inputs and
 * earlier outputs, and writes fresh arena tensors); every op's shapes and parameters; and the
 * memory plan (no two tensors that are live at once may share arena space, except a reshape or
 * identity planned in place of its input). Immutable, shared by all sessions of a model.
 */
public final class Program {
    private final ModelFile file;
    private final List<Slot> slots;
    private final List<Operator> ops;
    private final Slot[] inputs;
    private final Slot[] outputs;

    private Program(ModelFile file, List<Slot> slots, List<Operator> ops, Slot[] inputs, Slot[] outputs) {
        this.file = file;
        this.slots = slots;
        this.ops = ops;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    public static Program build(ModelFile f) throws ModelFormatException {
        String src = f.source();
        List<Slot> slots = new ArrayList<>(f.tensors().size());
        for (ModelFile.TensorRecord t : f.tensors()) {
            Object data = t.isConstant() ? decode(f.buffer(), t) : null;
            slots.add(new Slot(t.index(), t.name(), t.dtype(), t.shape(), t.count(), (int) t.offset(), data, t.quant()));
        }
        int n = slots.size();
        int[] def = new int[n];
        Arrays.fill(def, Integer.MIN_VALUE);
        for (Slot s : slots) {
            if (s.constant != null) {
                def[s.index] = -2;
            }
        }
        Slot[] inputs = new Slot[f.inputs().length];
        for (int i = 0; i < inputs.length; i++) {
            Slot s = slots.get(f.inputs()[i]);
            if (s.constant != null || def[s.index] == -1) {
                throw new ModelFormatException(src, "model input '" + s.name + "' is a constant or listed twice");
            }
            def[s.index] = -1;
            inputs[i] = s;
        }
        List<Operator> ops = new ArrayList<>(f.ops().size());
        for (ModelFile.OpRecord r : f.ops()) {
            OpContext c = new OpContext(r, slots, src);
            for (int t : r.inputs()) {
                if (t != Format.NO_TENSOR && def[t] == Integer.MIN_VALUE) {
                    throw c.fail("reads '" + slots.get(t).name + "' before any op writes it");
                }
            }
            for (int t : r.outputs()) {
                if (def[t] != Integer.MIN_VALUE) {
                    throw c.fail("writes '" + slots.get(t).name + "', which is a constant, an input or written before");
                }
                def[t] = r.index();
            }
            try {
                ops.add(Operators.create(c));
            } catch (IllegalArgumentException e) {
                // Kernel constants that cannot be built from the file's values (an int8 scale ratio
                // beyond what the fixed-point multipliers hold, for one) are a fault of the file.
                throw c.fail("has parameters its kernel cannot use: " + e.getMessage());
            }
        }
        Slot[] outputs = new Slot[f.outputs().length];
        for (int i = 0; i < outputs.length; i++) {
            Slot s = slots.get(f.outputs()[i]);
            if (def[s.index] == Integer.MIN_VALUE) {
                throw new ModelFormatException(src, "model output '" + s.name + "' is never written");
            }
            for (int j = 0; j < i; j++) {
                if (outputs[j] == s) {
                    throw new ModelFormatException(src, "model output '" + s.name + "' is listed twice");
                }
            }
            outputs[i] = s;
        }
        PlanCheck.verify(src, f.arenaSizes(), slots, ops, inputs, outputs);
        return new Program(f, Collections.unmodifiableList(slots), Collections.unmodifiableList(ops), inputs, outputs);
    }

    private static Object decode(ByteBuffer file, ModelFile.TensorRecord t) {
        ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) t.offset());
        b = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = t.count();
        switch (t.dtype()) {
            case F32 -> {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                return a;
            }
            case I8, U8, BOOL -> {
                byte[] a = new byte[n];
                b.get(a);
                return a;
            }
            case I16 -> {
                short[] a = new short[n];
                b.asShortBuffer().get(a);
                return a;
            }
            case I32 -> {
                int[] a = new int[n];
                b.asIntBuffer().get(a);
                return a;
            }
            default -> {
                long[] a = new long[n];
                b.asLongBuffer().get(a);
                return a;
            }
        }
    }

    public ModelFile file() {
        return file;
    }

    public List<Slot> slots() {
        return slots;
    }

    public List<Operator> ops() {
        return ops;
    }

    public Slot[] inputs() {
        return inputs.clone();
    }

    public Slot[] outputs() {
        return outputs.clone();
    }

    public Map<String, String> metadata() {
        return file.metadata();
    }

    /** Bytes of arena one session allocates. */
    public long arenaBytes() {
        long[] s = file.arenaSizes();
        return s[Format.ARENA_F32] * 4 + s[Format.ARENA_BYTE] + s[Format.ARENA_I16] * 2 + s[Format.ARENA_I32] * 4
                + s[Format.ARENA_I64] * 8;
    }

    /** A session's arenas. */
    public Buffers newBuffers() {
        return new Buffers(file.arenaSizes());
    }

    /** Binds every op to the buffers, in program order. */
    public Step[] bind(Buffers b, Workers w) {
        Step[] steps = new Step[ops.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = ops.get(i).bind(b, w);
        }
        return steps;
    }

    /** A worker pool of {@code threads} threads (the caller's included). */
    public static Workers newWorkers(int threads, String name) {
        return new Workers(threads, name);
    }
}
