package dev.mnc.runtime;

import java.io.IOException;

/**
 * A {@code .mnc} file that cannot be used: wrong magic, a version this runtime does not read,
 * truncated data, an offset or index out of range, an unknown opcode, shapes that do not fit their
 * op. The message is one line naming the file and the problem. Every check happens at load, so a
 * model that loads never fails later for a structural reason.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file name (or {@code <memory>}); {@code problem} says what is wrong. Control
     *     characters (a damaged name may hold a line break) are escaped to keep the message one line.
     */
    public ModelFormatException(String source, String problem) {
        super(oneLine(source + ": " + problem));
    }

    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
