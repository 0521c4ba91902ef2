package dev.mnc.runtime;

/**
 * An error a caller can cause while running a loaded model: an unknown or missing input name, an
 * input of the wrong shape or element type, a gather index outside its axis, too little memory for
 * a session's arena. The message is one line saying what was expected and what was given.
 */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }
}
