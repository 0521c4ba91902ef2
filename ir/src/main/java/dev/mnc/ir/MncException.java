package dev.mnc.ir;

/**
 * An error the user can cause and act on: a bad model, an unsupported op, an impossible shape, a
 * bad option. The message is one line, names what is wrong (file, node, op) and says what to do.
 * The command line prints only the message (the stack trace with {@code --verbose}) and exits 1.
 *
 * <p>Programming errors inside mnc are not {@code MncException}s; they stay
 * {@link IllegalStateException} and friends so that they are reported as bugs.
 */
public class MncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MncException(String message) {
        super(message);
    }

    public MncException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Prefixes the message with where it happened, e.g. {@code "model.onnx: "} or {@code "node 'Conv_3' (Conv): "}. */
    public MncException within(String where) {
        MncException e = new MncException(where + ": " + getMessage(), getCause() == null ? this : getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
