package dev.mnc.backend.nativeformat;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.OpCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native backend's entry point: compiles an NHWC IR graph into the bytes of a {@code .mnc}
 * model that {@link Model#load(ByteBuffer)} runs. Compiling lowers every node
 * ({@link Lowering}), plans the arena ({@link MemoryPlan}), writes the file ({@link MncWriter}) and
 * finally loads the result once with the runtime, so that a graph the runtime would refuse fails
 * here, naming the node, rather than at deployment.
 *
 * <p>Weights are stored in their IR layouts (OHWI conv, [O,K] dense); the runtime packs them for
 * its kernels when it loads, which keeps the file layout-simple and costs a few milliseconds.
 * A reshape or identity of a constant is not an op in the file: its output is a constant sharing
 * the source's blob. Graph input and output names and order are kept.
 */
public final class NativeCompiler {
    private NativeCompiler() {}

    /** Compiles {@code graph} (verified, static shapes, spatial ops in NHWC) to {@code .mnc} bytes. */
    public static byte[] compile(Graph graph) {
        Verifier.verify(graph);
        return new Build(graph).run();
    }

    /** One compilation. */
    private static final class Build {
        private final Graph g;
        private final List<Value> tensors = new ArrayList<>();
        private final Map<Value, Integer> index = new IdentityHashMap<>();
        /** For constants and reshapes of constants: the constant whose data is stored. */
        private final Map<Value, Value> blobOwner = new IdentityHashMap<>();
        private final List<OpSpec> specs = new ArrayList<>();

        Build(Graph g) {
            this.g = g;
        }

        byte[] run() {
            for (Value v : g.inputs()) {
                add(v);
            }
            for (Node n : g.nodes()) {
                OpSpec s = Lowering.lower(n);
                boolean copy = s.op() == OpCode.RESHAPE || s.op() == OpCode.IDENTITY;
                if (copy && owner(s.inputs().get(0)) != null) {
                    blobOwner.put(n.output(), owner(s.inputs().get(0)));
                    continue;
                }
                for (Value v : s.inputs()) {
                    add(v);
                }
                for (Value v : s.outputs()) {
                    add(v);
                }
                specs.add(s);
            }
            for (Value v : g.outputs()) {
                add(v);
            }
            List<Value> outs = g.outputs();
            for (int i = 0; i < outs.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (outs.get(i) == outs.get(j)) {
                        throw new MncException("graph '" + g.name() + "' lists output " + outs.get(i).name()
                                + " twice; the native format needs distinct outputs (add an identity)");
                    }
                }
            }
            MemoryPlan plan = plan();
            long[] arenas = plan.place(Format.ARENA_I64 + 1);
            byte[] bytes = write(plan, arenas);
            try {
                Model.load(ByteBuffer.wrap(bytes), g.name() + ".mnc").close();
            } catch (ModelFormatException e) {
                throw new MncException("the native runtime refuses the compiled graph '" + g.name() + "': "
                        + e.getMessage(), e);
            }
            return bytes;
        }

        private Value owner(Value v) {
            if (v.isConstant()) {
                return v;
            }
            return blobOwner.get(v);
        }

        private void add(Value v) {
            if (!index.containsKey(v)) {
                index.put(v, tensors.size());
                tensors.add(v);
            }
        }

        private boolean inArena(Value v) {
            return owner(v) == null;
        }

        private static DType dtype(Value v) {
            return DType.valueOf(v.dtype().name());
        }

        /**
         * The lowest minor version whose opcodes cover the model's (1 for the int8 opcodes, 2 for
         * conv_transpose2d with a fused activation, else 0), so older readers load what they can run.
         */
        private int minorVersion() {
            int minor = 0;
            for (OpSpec s : specs) {
                minor = Math.max(minor, s.op().minorVersion());
            }
            return minor;
        }

        private MemoryPlan plan() {
            MemoryPlan plan = new MemoryPlan(Format.ARENA_ALIGNMENT);
            for (Value v : g.inputs()) {
                plan.add(v, Format.arenaKindOf(dtype(v)), v.shape().numElements(), -1);
            }
            for (int k = 0; k < specs.size(); k++) {
                OpSpec s = specs.get(k);
                for (Value v : s.inputs()) {
                    if (v != null && inArena(v)) {
                        plan.use(v, k);
                    }
                }
                for (Value v : s.outputs()) {
                    plan.add(v, Format.arenaKindOf(dtype(v)), v.shape().numElements(), k);
                }
                boolean copy = s.op() == OpCode.RESHAPE || s.op() == OpCode.IDENTITY;
                if (copy && inArena(s.inputs().get(0)) && s.inputs().get(0).dtype() == s.outputs().get(0).dtype()) {
                    plan.alias(s.outputs().get(0), s.inputs().get(0));
                }
            }
            for (Value v : g.outputs()) {
                if (inArena(v)) {
                    plan.use(v, specs.size());
                }
            }
            return plan;
        }

        private byte[] write(MemoryPlan plan, long[] arenas) {
            MncWriter w = new MncWriter();
            for (Value v : tensors) {
                w.string(v.name());
            }
            for (OpSpec s : specs) {
                w.string(s.node().displayName());
            }
            Map<String, String> meta = new LinkedHashMap<>(g.metadata());
            meta.putIfAbsent("mnc.graph", g.name());
            for (var e : meta.entrySet()) {
                w.string(e.getKey());
                w.string(e.getValue());
            }
            MncWriter.Section ops = w.section(Format.SECTION_OPS).i32(specs.size());
            for (OpSpec s : specs) {
                ops.u16(s.op().code()).u16(0).u16(s.inputs().size()).u16(s.outputs().size());
                ops.i32(w.string(s.node().displayName())).i32(s.params().length);
                for (Value v : s.inputs()) {
                    ops.i32(v == null ? Format.NO_TENSOR : index.get(v));
                }
                for (Value v : s.outputs()) {
                    ops.i32(index.get(v));
                }
                for (int p : s.params()) {
                    ops.i32(p);
                }
            }
            MncWriter.Section pl = w.section(Format.SECTION_PLAN).i32(Format.ARENA_I64);
            for (int k = Format.ARENA_F32; k <= Format.ARENA_I64; k++) {
                pl.i32(k).i32(Format.ARENA_ALIGNMENT).i64(arenas[k]);
            }
            MncWriter.Section io = w.section(Format.SECTION_IO).i32(g.inputs().size());
            for (Value v : g.inputs()) {
                io.i32(index.get(v));
            }
            io.i32(g.outputs().size());
            for (Value v : g.outputs()) {
                io.i32(index.get(v));
            }
            MncWriter.Section md = w.section(Format.SECTION_METADATA).i32(meta.size());
            for (var e : meta.entrySet()) {
                md.i32(w.string(e.getKey())).i32(w.string(e.getValue()));
            }
            MncWriter.Section quant = w.section(Format.SECTION_QUANT);
            Map<Value, Integer> quantRef = new IdentityHashMap<>();
            for (Value v : tensors) {
                QuantParams q = v.quant() != null ? v.quant() : owner(v) != null ? owner(v).quant() : null;
                if (q != null) {
                    quantRef.put(v, quant.size());
                    float[] sc = q.scales();
                    int[] zp = q.zeroPoints();
                    quant.i32(q.axis()).i32(sc.length);
                    for (float f : sc) {
                        quant.f32(f);
                    }
                    for (int z : zp) {
                        quant.i32(z);
                    }
                }
            }
            long blobStart = w.blobStart(4L + (long) tensors.size() * Format.TENSOR_RECORD_SIZE);
            Map<Value, Long> blobAt = new IdentityHashMap<>();
            MncWriter.Section ts = w.section(Format.SECTION_TENSORS).i32(tensors.size());
            for (Value v : tensors) {
                DType dt = dtype(v);
                int[] shape = v.shape().toIntArray();
                long count = v.shape().numElements();
                Value own = owner(v);
                long offset;
                if (own != null) {
                    offset = blobAt.computeIfAbsent(own, o -> blobStart + w.blob(o.data().toLittleEndian()));
                } else {
                    offset = plan.offset(v);
                }
                ts.i32(w.string(v.name())).u8(dt.code()).u8(own != null ? Format.STORAGE_CONSTANT : Format.STORAGE_ARENA)
                        .u8(shape.length).u8(0);
                ts.i32(quantRef.getOrDefault(v, Format.NO_QUANT)).i32(0);
                ts.i64(offset).i64(count * dt.byteSize());
                for (int d = 0; d < Format.MAX_RANK; d++) {
                    ts.i32(d < shape.length ? shape[d] : 0);
                }
            }
            return w.finish(minorVersion());
        }
    }
}
