package dev.mnc.passes.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A golden pass-test file, as STYLE.md lays it out:
 * <pre>
 * # RUN: fold-batchnorm[,more-passes]
 * # OPTION: layout.io=nchw                 (optional; also allowed inside a case)
 * # CASE: name -- what it shows
 * graph @g(...) { ... }                    (input, constants with data)
 * # EVENT: text                            (optional: some rewrite event contains text)
 * # EXPECT                                 (then the expected graph; constants may omit data)
 * # -----
 * # CASE: ...
 * # EXPECT-UNCHANGED: reason               (the graph must come out identical)
 * # -----
 * # CASE: ...
 * # EXPECT-ERROR: text                     (the run must fail with a message containing text)
 * </pre>
 */
public record GoldenFile(String name, String run, List<String> options, List<Case> cases) {

    /** What a case expects. */
    public enum Kind { GRAPH, UNCHANGED, ERROR }

    /**
     * One case: its input text, options, expected events, and the expectation.
     *
     * @param expect the expected graph text, the unchanged reason, or the error text
     */
    public record Case(String name, String description, int line, String input, List<String> options,
            List<String> events, Kind kind, String expect) {}

    /** Parses a golden file; malformed files are an {@link IllegalArgumentException} naming the line. */
    public static GoldenFile parse(String name, String text) {
        String[] lines = text.split("\n", -1);
        String run = null;
        List<String> fileOptions = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        int i = 0;
        while (i < lines.length && !lines[i].startsWith("# CASE:")) {
            String l = lines[i].trim();
            if (l.startsWith("# RUN:")) {
                run = l.substring("# RUN:".length()).trim();
            } else if (l.startsWith("# OPTION:")) {
                fileOptions.add(l.substring("# OPTION:".length()).trim());
            }
            i++;
        }
        if (run == null || run.isEmpty()) {
            throw new IllegalArgumentException(name + ": the first lines must include '# RUN: pass[,pass...]'");
        }
        while (i < lines.length) {
            int start = i;
            List<String> chunk = new ArrayList<>();
            while (i < lines.length && !lines[i].trim().equals("# -----")) {
                chunk.add(lines[i]);
                i++;
            }
            i++;
            cases.add(parseCase(name, start + 1, chunk));
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException(name + ": no '# CASE:' found");
        }
        return new GoldenFile(name, run, List.copyOf(fileOptions), List.copyOf(cases));
    }

    private static Case parseCase(String file, int line, List<String> lines) {
        String head = lines.isEmpty() ? "" : lines.get(0).trim();
        if (!head.startsWith("# CASE:")) {
            throw new IllegalArgumentException(file + ":" + line + ": a case must start with '# CASE: name -- description'");
        }
        String title = head.substring("# CASE:".length()).trim();
        int dash = title.indexOf(" -- ");
        if (dash <= 0) {
            throw new IllegalArgumentException(file + ":" + line + ": write '# CASE: name -- description'");
        }
        String caseName = title.substring(0, dash).trim();
        String description = title.substring(dash + 4).trim();
        StringBuilder input = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        List<String> options = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Kind kind = null;
        String expect = null;
        for (int j = 1; j < lines.size(); j++) {
            String raw = lines.get(j);
            String l = raw.trim();
            if (l.startsWith("# OPTION:")) {
                options.add(l.substring("# OPTION:".length()).trim());
            } else if (l.startsWith("# EVENT:")) {
                events.add(l.substring("# EVENT:".length()).trim());
            } else if (l.equals("# EXPECT")) {
                kind = once(kind, Kind.GRAPH, file, line + j);
            } else if (l.startsWith("# EXPECT-UNCHANGED:")) {
                kind = once(kind, Kind.UNCHANGED, file, line + j);
                expect = l.substring("# EXPECT-UNCHANGED:".length()).trim();
            } else if (l.startsWith("# EXPECT-ERROR:")) {
                kind = once(kind, Kind.ERROR, file, line + j);
                expect = l.substring("# EXPECT-ERROR:".length()).trim();
            } else if (kind == Kind.GRAPH) {
                expected.append(raw).append('\n');
            } else if (kind == null) {
                input.append(raw).append('\n');
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                throw new IllegalArgumentException(file + ":" + (line + j) + ": nothing may follow " + kind
                        + " in case " + caseName);
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException(file + ":" + line + ": case " + caseName
                    + " needs '# EXPECT', '# EXPECT-UNCHANGED: reason' or '# EXPECT-ERROR: text'");
        }
        if (kind != Kind.GRAPH && (expect == null || expect.isEmpty())) {
            throw new IllegalArgumentException(file + ":" + line + ": case " + caseName + " must say why");
        }
        return new Case(caseName, description, line, input.toString(), List.copyOf(options), List.copyOf(events), kind,
                kind == Kind.GRAPH ? expected.toString() : expect);
    }

    private static Kind once(Kind current, Kind next, String file, int line) {
        if (current != null) {
            throw new IllegalArgumentException(file + ":" + line + ": a case has one expectation");
        }
        return next;
    }
}
