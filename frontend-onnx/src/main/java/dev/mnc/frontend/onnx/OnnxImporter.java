package dev.mnc.frontend.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an ONNX model into the mnc IR: the frontend's one entry point.
 *
 * <pre>
 * Graph g = OnnxImporter.importModel(Path.of("mobilenetv2.onnx"),
 *         ImportOptions.defaults().withInputShape("input", 1, 3, 224, 224));
 * </pre>
 *
 * <p>The result is a verified-shape, fully static NCHW graph: spatial ops carry
 * {@code Layout.NCHW}, rank-4 inputs are typed NCHW (unless the model transposes them first, as
 * tf2onnx does with NHWC inputs), value names are the ONNX tensor names, graph inputs and outputs
 * keep their names and order, and every node records the ONNX node it came from. Shape arithmetic
 * on constants is evaluated on the way in. Graph metadata holds {@code onnx.producer},
 * {@code onnx.opset} and {@code onnx.ir_version}.
 *
 * <p>Every problem with the file (corrupt protobuf, unsupported op, attribute or opset, bad
 * tensor data, dynamic dims without a binding, external data outside the model's folder) is an
 * {@link MncException} whose one-line message starts with the file's name and, where it applies,
 * names the node, op, domain and opset.
 */
public final class OnnxImporter {
    private OnnxImporter() {}

    /** Imports a model file; external data is looked up in the file's folder. */
    public static Graph importModel(Path file, ImportOptions options) {
        Path name = file.getFileName();
        String displayName = name == null ? file.toString() : name.toString();
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new MncException(Files.exists(file) ? "is not a regular file" : "file not found");
            }
            long size = Files.size(file);
            if (size > Limits.MAX_MODEL_BYTES) {
                throw new MncException("is " + size + " bytes, more than protobuf can parse; keep the weights in "
                        + "external data files");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MncException(displayName + ": cannot read: " + e.getMessage(), e);
        } catch (MncException e) {
            throw oneLine(e.within(displayName));
        }
        Path dir = file.toAbsolutePath().getParent();
        return importModel(bytes, displayName, dir, options);
    }

    /**
     * Imports a model held in memory.
     *
     * @param displayName how messages name the model, usually its file name
     * @param baseDirForExternalData the folder external data files are relative to, or null if the
     *     model has none (a model that refers to external data is then an error)
     */
    public static Graph importModel(byte[] bytes, String displayName, Path baseDirForExternalData,
            ImportOptions options) {
        try {
            ModelProto model;
            try {
                model = ModelProto.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new MncException("is not a readable ONNX file, it may be truncated or corrupted ("
                        + e.getMessage() + ")", e);
            }
            return new GraphImporter(model, baseDirForExternalData, options).run(displayName);
        } catch (MncException e) {
            throw oneLine(e.within(displayName));
        }
    }

    /** Names from a corrupted file may hold control characters; the message stays one printable line. */
    private static MncException oneLine(MncException e) {
        String clean = e.getMessage().replaceAll("\\p{Cntrl}", "?");
        if (clean.equals(e.getMessage())) {
            return e;
        }
        MncException c = new MncException(clean, e.getCause() == null ? e : e.getCause());
        c.setStackTrace(e.getStackTrace());
        return c;
    }
}
