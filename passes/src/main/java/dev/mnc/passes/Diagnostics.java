package dev.mnc.passes;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where passes report warnings a user should see even without {@code --verbose}: a rewrite that
 * kept the graph correct but costs speed (a transpose layout-nhwc could not avoid), or a model
 * quirk worth knowing. Errors are not diagnostics; they are thrown as
 * {@link dev.mnc.ir.MncException}.
 */
public interface Diagnostics {

    /** Reports a warning from {@code pass}. */
    void warn(String pass, String message);

    /** Drops every warning. */
    Diagnostics IGNORE = (pass, message) -> { };

    /** Prints {@code warning: pass: message} lines to {@code out}. */
    static Diagnostics printingTo(PrintStream out) {
        return (pass, message) -> out.println("warning: " + pass + ": " + message);
    }

    /** Keeps warnings in memory as {@code pass: message}, in order; for tests and reports. */
    final class Collector implements Diagnostics {
        private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void warn(String pass, String message) {
            warnings.add(pass + ": " + message);
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }
    }
}
