package dev.mnc.runtime;

import dev.mnc.runtime.exec.Program;
import dev.mnc.runtime.exec.Slot;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.format.ModelParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded {@code .mnc} model. Loading memory-maps the file, checks everything (structure, every
 * op's shapes, the memory plan) and decodes and packs the weights into Java arrays, after which
 * the mapping is no longer needed. A model is immutable and thread-safe: create one
 * {@link Session} per thread that runs it.
 *
 * <p>{@link #close()} makes the model refuse new sessions; sessions already created keep working
 * (they hold the immutable program) until they are closed themselves.
 */
public final class Model implements AutoCloseable {
    private final Program program;
    private final String source;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;
    private volatile boolean closed;

    private Model(Program program, String source) {
        this.program = program;
        this.source = source;
        this.inputs = infos(program.inputs());
        this.outputs = infos(program.outputs());
    }

    /** Loads a model file; a file that is not a valid model is a {@link ModelFormatException}. */
    public static Model load(Path path) throws IOException {
        String name = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 64) {
                throw new ModelFormatException(name, "the file has " + size + " bytes; models are limited to 2 GB");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return load(map, name);
        }
    }

    /** Loads a model from memory (for example the bytes the native backend just compiled). */
    public static Model load(ByteBuffer data) throws ModelFormatException {
        return load(data, "<memory>");
    }

    /** Loads a model from memory; {@code sourceName} names it in error messages. */
    public static Model load(ByteBuffer data, String sourceName) throws ModelFormatException {
        ModelFile file = ModelParser.parse(data, sourceName);
        return new Model(Program.build(file), sourceName);
    }

    private static List<TensorInfo> infos(Slot[] slots) {
        List<TensorInfo> out = new ArrayList<>(slots.length);
        for (Slot s : slots) {
            out.add(info(s));
        }
        return Collections.unmodifiableList(out);
    }

    static TensorInfo info(Slot s) {
        ModelFile.QuantRecord q = s.quant();
        return new TensorInfo(s.name(), s.dtype(), s.shape(), q == null ? 0f : q.scales()[0],
                q == null ? 0 : q.zeroPoints()[0]);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + source + " is closed");
        }
    }

    /** The model's inputs, in model order. */
    public List<TensorInfo> inputs() {
        checkOpen();
        return inputs;
    }

    /** The model's outputs, in model order. */
    public List<TensorInfo> outputs() {
        checkOpen();
        return outputs;
    }

    /** Every tensor of the model's tensor table, in file order (constants included). */
    public List<TensorInfo> tensors() {
        checkOpen();
        List<TensorInfo> out = new ArrayList<>();
        for (Slot s : program.slots()) {
            out.add(info(s));
        }
        return out;
    }

    /** The tensor called {@code name} (any tensor of the model, constants included), if there is one. */
    public Optional<TensorInfo> tensor(String name) {
        checkOpen();
        for (Slot s : program.slots()) {
            if (s.name().equals(name)) {
                return Optional.of(info(s));
            }
        }
        return Optional.empty();
    }

    /** True when the named tensor is a constant (weights, biases). */
    public boolean isConstant(String tensorName) {
        checkOpen();
        for (Slot s : program.slots()) {
            if (s.name().equals(tensorName)) {
                return s.isConstant();
            }
        }
        throw new IllegalArgumentException("model " + source + " has no tensor '" + tensorName + "'");
    }

    /** Free-form key/values the compiler stored (source model, producer, preprocessing hints). */
    public Map<String, String> metadata() {
        checkOpen();
        return program.metadata();
    }

    /** {@code major.minor} of the file's format. */
    public String formatVersion() {
        checkOpen();
        return program.file().majorVersion() + "." + program.file().minorVersion();
    }

    /** Number of ops in the program. */
    public int opCount() {
        checkOpen();
        return program.ops().size();
    }

    /** The ops in program order as {@code "conv2d 'Conv_0'"}. */
    public List<String> ops() {
        checkOpen();
        List<String> out = new ArrayList<>();
        for (var op : program.ops()) {
            out.add(op.record().op().text() + " '" + op.record().name() + "'");
        }
        return out;
    }

    /** The ops in program order with their tensors, for inspection (layer tables, MAC counts). */
    public List<OpInfo> opInfos() {
        checkOpen();
        List<Slot> slots = program.slots();
        List<OpInfo> out = new ArrayList<>();
        for (var op : program.ops()) {
            ModelFile.OpRecord r = op.record();
            List<TensorInfo> ins = new ArrayList<>();
            List<Boolean> constant = new ArrayList<>();
            for (int i : r.inputs()) {
                if (i != dev.mnc.runtime.format.Format.NO_TENSOR) {
                    ins.add(info(slots.get(i)));
                    constant.add(slots.get(i).isConstant());
                }
            }
            List<TensorInfo> outs = new ArrayList<>();
            for (int i : r.outputs()) {
                outs.add(info(slots.get(i)));
            }
            out.add(new OpInfo(r.op().text(), r.name(), ins, constant, outs));
        }
        return out;
    }

    /** Bytes of arena each session allocates (the memory plan's size). */
    public long arenaBytes() {
        checkOpen();
        return program.arenaBytes();
    }

    /** Where the model came from: the file path, or the name given to {@link #load(ByteBuffer, String)}. */
    public String source() {
        return source;
    }

    /** A single-threaded session. */
    public Session newSession() {
        return newSession(SessionOptions.defaults());
    }

    public Session newSession(SessionOptions options) {
        checkOpen();
        return new Session(program, source, options);
    }

    /** Refuses new sessions from now on; idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
