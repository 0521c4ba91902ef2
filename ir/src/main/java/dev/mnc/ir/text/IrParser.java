package dev.mnc.ir.text;

import dev.mnc.ir.DType;
import dev.mnc.ir.Dim;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.QuantParams;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Attrs;
import dev.mnc.ir.ops.Op;
import dev.mnc.ir.ops.Ops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Parses the IR text form (see the package documentation) into a {@link Graph}, inferring node
 * types and checking them against any written types. Errors are {@link MncException}s that start
 * with {@code line:column}.
 *
 * <p>A lenient parser accepts constants without data ({@code const @w: f32[8]} or
 * {@code <elided>}) and fills them with zeros; golden tests use it for expected graphs, whose
 * numbers are checked by running them, not by reading them.
 */
public final class IrParser {
    private final Lexer lx;
    private final boolean lenient;

    private IrParser(String text, boolean lenient) {
        this.lx = new Lexer(text);
        this.lenient = lenient;
    }

    /** Parses a complete module; every constant must have data. */
    public static Graph parse(String text) {
        return new IrParser(text, false).module();
    }

    /** Parses a module where constants may lack data (zeros are substituted). */
    public static Graph parseLenient(String text) {
        return new IrParser(text, true).module();
    }

    private record Stmt(List<String> outs, String op, List<Ref> ins, Attrs attrs, List<Typed> types,
            List<String> origin, int line, int col) {}

    private record Ref(boolean constant, String name, int line, int col) {}

    private record Typed(TensorType type, QuantParams quant) {}

    private record ConstDecl(String name, Typed type, TensorData data, int line, int col) {}

    private Graph module() {
        lx.expectWord("graph");
        lx.expect('@');
        String gname = lx.name();
        lx.expect('(');
        Map<String, Typed> inputs = new LinkedHashMap<>();
        if (!lx.peekIs(')')) {
            do {
                lx.expect('%');
                int line = lx.line;
                int col = lx.col;
                String n = lx.name();
                lx.expect(':');
                if (inputs.put(n, type()) != null) {
                    throw lx.error(line, col, "input %" + n + " is declared twice");
                }
            } while (lx.accept(','));
        }
        lx.expect(')');
        lx.expect('{');
        List<Stmt> stmts = new ArrayList<>();
        List<Ref> returns = null;
        while (returns == null) {
            if (lx.acceptWord("return")) {
                returns = refs();
            } else {
                stmts.add(stmt());
            }
        }
        lx.expect('}');
        Map<String, ConstDecl> consts = new LinkedHashMap<>();
        while (!lx.atEnd()) {
            ConstDecl c = constDecl();
            if (consts.put(c.name, c) != null) {
                throw lx.error(c.line, c.col, "constant @" + c.name + " is declared twice");
            }
        }
        return build(gname, inputs, stmts, returns, consts);
    }

    private Graph build(String gname, Map<String, Typed> inputs, List<Stmt> stmts, List<Ref> returns,
            Map<String, ConstDecl> consts) {
        Graph g = new Graph(gname);
        Map<String, Value> vals = new HashMap<>();
        Map<String, Value> constVals = new HashMap<>();
        for (var e : inputs.entrySet()) {
            Value v = g.addInput(e.getKey(), e.getValue().type);
            v.setQuant(e.getValue().quant);
            vals.put(e.getKey(), v);
        }
        for (ConstDecl c : consts.values()) {
            if (vals.containsKey(c.name)) {
                throw lx.error(c.line, c.col, "@" + c.name + " clashes with a value of the same name");
            }
            Value v = g.addConstant(c.name, c.data);
            if (!v.name().equals(c.name)) {
                throw lx.error(c.line, c.col, "@" + c.name + " clashes with another name");
            }
            v.setQuant(c.type.quant);
            constVals.put(c.name, v);
        }
        for (Stmt s : stmts) {
            List<Value> ins = new ArrayList<>();
            for (Ref r : s.ins) {
                ins.add(resolve(r, vals, constVals));
            }
            Op op;
            Node n;
            try {
                op = Ops.create(s.op, s.attrs);
                for (String o : s.outs) {
                    if (vals.containsKey(o) || constVals.containsKey(o)) {
                        throw new MncException("%" + o + " is defined twice");
                    }
                }
                n = g.addNode(op, ins, s.outs, s.origin);
            } catch (MncException e) {
                throw lx.error(s.line, s.col, e.getMessage());
            }
            if (n.outputs().size() != s.outs.size()) {
                throw lx.error(s.line, s.col, s.op + " defines " + n.outputs().size() + " outputs, "
                        + s.outs.size() + " are named");
            }
            for (int i = 0; i < s.outs.size(); i++) {
                Value out = n.outputs().get(i);
                if (!out.name().equals(s.outs.get(i))) {
                    throw lx.error(s.line, s.col, "%" + s.outs.get(i) + " clashes with another name");
                }
                if (i < s.types.size()) {
                    Typed t = s.types.get(i);
                    if (!t.type.equals(out.type())) {
                        throw lx.error(s.line, s.col, "%" + out.name() + " is written as " + t.type + " but "
                                + s.op + " gives " + out.type());
                    }
                    out.setQuant(t.quant);
                }
                vals.put(out.name(), out);
            }
        }
        List<Value> outs = new ArrayList<>();
        for (Ref r : returns) {
            outs.add(resolve(r, vals, constVals));
        }
        g.setOutputs(outs);
        return g;
    }

    private Value resolve(Ref r, Map<String, Value> vals, Map<String, Value> consts) {
        Value v = (r.constant ? consts : vals).get(r.name);
        if (v == null) {
            throw lx.error(r.line, r.col, (r.constant ? "@" : "%") + r.name + " is not defined"
                    + (r.constant ? " (declare it with 'const @" + r.name + ": ...')" : " before this use"));
        }
        return v;
    }

    private Stmt stmt() {
        int line = lx.line;
        int col = lx.col;
        List<String> outs = new ArrayList<>();
        do {
            lx.expect('%');
            outs.add(lx.name());
        } while (lx.accept(','));
        lx.expect('=');
        String op = lx.word();
        lx.expect('(');
        List<Ref> ins = lx.peekIs(')') ? List.of() : refs();
        lx.expect(')');
        Attrs attrs = lx.peekIs('{') ? attrs() : Attrs.empty();
        List<Typed> types = new ArrayList<>();
        if (lx.accept(':')) {
            do {
                types.add(type());
            } while (lx.accept(','));
        }
        List<String> origin = new ArrayList<>();
        if (lx.acceptWord("loc")) {
            lx.expect('(');
            do {
                origin.add(lx.string());
            } while (lx.accept(','));
            lx.expect(')');
        }
        return new Stmt(outs, op, ins, attrs, types, origin, line, col);
    }

    private List<Ref> refs() {
        List<Ref> refs = new ArrayList<>();
        do {
            int line = lx.line;
            int col = lx.col;
            if (lx.accept('%')) {
                refs.add(new Ref(false, lx.name(), line, col));
            } else if (lx.accept('@')) {
                refs.add(new Ref(true, lx.name(), line, col));
            } else {
                throw lx.error(line, col, "expected %value or @constant");
            }
        } while (lx.accept(','));
        return refs;
    }

    private Attrs attrs() {
        lx.expect('{');
        Attrs.Builder b = Attrs.builder();
        if (!lx.peekIs('}')) {
            do {
                int line = lx.line;
                int col = lx.col;
                String key = lx.word();
                lx.expect('=');
                try {
                    b.put(key, attrValue());
                } catch (MncException e) {
                    throw lx.error(line, col, e.getMessage());
                }
            } while (lx.accept(','));
        }
        lx.expect('}');
        return b.build();
    }

    private Object attrValue() {
        if (lx.accept('[')) {
            List<Object> items = new ArrayList<>();
            if (!lx.peekIs(']')) {
                do {
                    items.add(lx.number());
                } while (lx.accept(','));
            }
            lx.expect(']');
            boolean allLong = items.stream().allMatch(o -> o instanceof Long);
            if (allLong) {
                return items.stream().mapToLong(o -> (Long) o).toArray();
            }
            return items.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        }
        if (lx.peekNumber()) {
            return lx.number();
        }
        String w = lx.word();
        return switch (w) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> w;
        };
    }

    private Typed type() {
        int line = lx.line;
        int col = lx.col;
        DType dt;
        try {
            dt = DType.fromText(lx.word());
        } catch (MncException e) {
            throw lx.error(line, col, e.getMessage());
        }
        lx.expect('[');
        List<Dim> dims = new ArrayList<>();
        if (!lx.peekIs(']')) {
            do {
                if (lx.peekNumber()) {
                    Object n = lx.number();
                    if (!(n instanceof Long l) || l < 0) {
                        throw lx.error(line, col, "dimension " + n + " is not a non-negative integer");
                    }
                    dims.add(Dim.of(l));
                } else {
                    dims.add(Dim.dynamic(lx.word()));
                }
            } while (lx.accept(','));
        }
        lx.expect(']');
        Layout layout = Layout.NONE;
        if (lx.acceptWord("nchw")) {
            layout = Layout.NCHW;
        } else if (lx.acceptWord("nhwc")) {
            layout = Layout.NHWC;
        }
        QuantParams q = null;
        if (lx.acceptWord("q")) {
            q = quant();
        }
        try {
            return new Typed(new TensorType(dt, Shape.of(dims), layout), q);
        } catch (MncException e) {
            throw lx.error(line, col, e.getMessage());
        }
    }

    private QuantParams quant() {
        int line = lx.line;
        int col = lx.col;
        lx.expect('(');
        try {
            if (lx.acceptWord("axis")) {
                lx.expect('=');
                int axis = ((Long) lx.number()).intValue();
                lx.expect(',');
                lx.expectWord("scales");
                lx.expect('=');
                double[] s = (double[]) asDoubles(attrValue());
                lx.expect(',');
                lx.expectWord("zps");
                lx.expect('=');
                Object z = attrValue();
                lx.expect(')');
                float[] fs = new float[s.length];
                for (int i = 0; i < s.length; i++) {
                    fs[i] = (float) s[i];
                }
                long[] zl = z instanceof long[] a ? a : new long[0];
                int[] zi = new int[zl.length];
                for (int i = 0; i < zl.length; i++) {
                    zi[i] = Math.toIntExact(zl[i]);
                }
                return QuantParams.perAxis(fs, zi, axis);
            }
            float scale = ((Number) lx.number()).floatValue();
            lx.expect(',');
            int zp = ((Long) lx.number()).intValue();
            lx.expect(')');
            return QuantParams.perTensor(scale, zp);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw lx.error(line, col, "malformed quantization parameters: " + e.getMessage());
        } catch (MncException e) {
            throw lx.error(line, col, e.getMessage());
        }
    }

    private static Object asDoubles(Object v) {
        if (v instanceof long[] a) {
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = a[i];
            }
            return d;
        }
        return v;
    }

    private ConstDecl constDecl() {
        lx.expectWord("const");
        int line = lx.line;
        int col = lx.col;
        lx.expect('@');
        String name = lx.name();
        lx.expect(':');
        Typed t = type();
        if (t.type.layout() != Layout.NONE) {
            throw lx.error(line, col, "constants have no layout");
        }
        Shape shape = t.type.shape();
        if (!shape.isStatic()) {
            throw lx.error(line, col, "constant @" + name + " needs a static shape");
        }
        int n;
        try {
            n = Math.toIntExact(shape.numElements());
        } catch (MncException | ArithmeticException e) {
            throw lx.error(line, col, "constant @" + name + " is too large: " + shape);
        }
        TensorData data;
        if (!lx.accept('=')) {
            if (!lenient) {
                throw lx.error(line, col, "constant @" + name + " has no data (expected '= [...]')");
            }
            data = TensorData.zeros(t.type.dtype(), shape);
        } else if (lx.accept('<')) {
            lx.expectWord("elided");
            lx.expect('>');
            if (!lenient) {
                throw lx.error(line, col, "constant @" + name + " has elided data; print with full data to round-trip");
            }
            data = TensorData.zeros(t.type.dtype(), shape);
        } else if (lx.acceptWord("splat")) {
            lx.expect('(');
            double v = ((Number) lx.number()).doubleValue();
            lx.expect(')');
            double[] all = new double[n];
            java.util.Arrays.fill(all, v);
            data = fill(t.type.dtype(), shape, all, line, col);
        } else if (lx.acceptWord("random")) {
            data = random(t.type.dtype(), shape, n, line, col);
        } else {
            List<Double> items = new ArrayList<>();
            flatList(items);
            if (items.size() != n) {
                throw lx.error(line, col, "constant @" + name + " of shape " + shape + " needs " + n + " values, got "
                        + items.size());
            }
            data = fill(t.type.dtype(), shape, items.stream().mapToDouble(Double::doubleValue).toArray(), line, col);
        }
        return new ConstDecl(name, t, data, line, col);
    }

    private void flatList(List<Double> out) {
        lx.expect('[');
        if (!lx.peekIs(']')) {
            do {
                if (lx.peekIs('[')) {
                    flatList(out);
                } else {
                    out.add(((Number) lx.number()).doubleValue());
                }
            } while (lx.accept(','));
        }
        lx.expect(']');
    }

    /** {@code random(seed=S[, min=A, max=B])}: uniform values, integers rounded, reproducible from the seed. */
    private TensorData random(DType dt, Shape shape, int n, int line, int col) {
        lx.expect('(');
        lx.expectWord("seed");
        lx.expect('=');
        long seed = (Long) lx.number();
        double min = dt.isFloat() ? -1 : -8;
        double max = dt.isFloat() ? 1 : 8;
        while (lx.accept(',')) {
            String k = lx.word();
            lx.expect('=');
            double v = ((Number) lx.number()).doubleValue();
            if (k.equals("min")) {
                min = v;
            } else if (k.equals("max")) {
                max = v;
            } else {
                throw lx.error(line, col, "random takes seed, min and max, not '" + k + "'");
            }
        }
        lx.expect(')');
        SplittableRandom r = new SplittableRandom(seed);
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            double v = min + (max - min) * r.nextDouble();
            all[i] = dt.isFloat() ? v : Math.rint(v);
        }
        return fill(dt, shape, all, line, col);
    }

    private TensorData fill(DType dt, Shape shape, double[] v, int line, int col) {
        int n = v.length;
        switch (dt) {
            case F32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) v[i];
                }
                return TensorData.ofFloats(shape, a);
            }
            case I64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (long) v[i];
                }
                return TensorData.ofLongs(shape, a);
            }
            default -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (long) v[i];
                }
                return TensorData.ofLongs(shape, a).cast(dt);
            }
        }
    }

    /** Tokenizer over the text with line/column tracking; {@code #} comments run to end of line. */
    private static final class Lexer {
        private final String s;
        private int pos;
        int line = 1;
        int col = 1;

        Lexer(String s) {
            this.s = s;
            skip();
        }

        MncException error(int l, int c, String msg) {
            return new MncException(l + ":" + c + ": " + msg);
        }

        private MncException error(String msg) {
            return error(line, col, msg);
        }

        private void advance() {
            if (s.charAt(pos) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            pos++;
        }

        private void skip() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) {
                    advance();
                } else if (c == '#') {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        advance();
                    }
                } else {
                    break;
                }
            }
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        boolean peekIs(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        boolean accept(char c) {
            if (peekIs(c)) {
                advance();
                skip();
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "' but found " + found());
            }
        }

        private String found() {
            if (atEnd()) {
                return "end of input";
            }
            int end = pos;
            while (end < s.length() && end < pos + 12 && !Character.isWhitespace(s.charAt(end))) {
                end++;
            }
            return "'" + s.substring(pos, Math.max(end, pos + 1)) + "'";
        }

        private static boolean wordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }

        private static boolean nameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$' || c == '/' || c == '-';
        }

        private String peekWord() {
            int end = pos;
            while (end < s.length() && wordChar(s.charAt(end))) {
                end++;
            }
            return s.substring(pos, end);
        }

        String word() {
            String w = peekWord();
            if (w.isEmpty() || !Character.isLetter(w.charAt(0)) && w.charAt(0) != '_') {
                throw error("expected a name but found " + found());
            }
            for (int i = 0; i < w.length(); i++) {
                advance();
            }
            skip();
            return w;
        }

        boolean acceptWord(String w) {
            if (peekWord().equals(w)) {
                for (int i = 0; i < w.length(); i++) {
                    advance();
                }
                skip();
                return true;
            }
            return false;
        }

        void expectWord(String w) {
            if (!acceptWord(w)) {
                throw error("expected '" + w + "' but found " + found());
            }
        }

        /** A value/constant/graph name after its sigil: bare or quoted. */
        String name() {
            if (peekIs('"')) {
                return string();
            }
            int start = pos;
            while (pos < s.length() && nameChar(s.charAt(pos))) {
                advance();
            }
            if (start == pos) {
                throw error("expected a name but found " + found());
            }
            String n = s.substring(start, pos);
            skip();
            return n;
        }

        String string() {
            if (!peekIs('"')) {
                throw error("expected a quoted string but found " + found());
            }
            advance();
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos);
                advance();
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (atEnd()) {
                        throw error("unterminated string");
                    }
                    char e = s.charAt(pos);
                    advance();
                    sb.append(e == 'n' ? '\n' : e);
                } else {
                    sb.append(c);
                }
            }
            skip();
            return sb.toString();
        }

        boolean peekNumber() {
            if (atEnd()) {
                return false;
            }
            char c = s.charAt(pos);
            if (Character.isDigit(c) || c == '-' || c == '+') {
                return true;
            }
            String w = peekWord();
            return w.equals("inf") || w.equals("nan");
        }

        /** An integer ({@code Long}) or a float ({@code Double}); {@code inf}, {@code -inf}, {@code nan} allowed. */
        Object number() {
            int start = pos;
            if (peekIs('-') || peekIs('+')) {
                advance();
            }
            String w = peekWord();
            if (w.equals("inf") || w.equals("nan")) {
                for (int i = 0; i < w.length(); i++) {
                    advance();
                }
                boolean neg = s.charAt(start) == '-';
                skip();
                return w.equals("nan") ? Double.NaN : neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            boolean isFloat = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isDigit(c)) {
                    advance();
                } else if (c == '.' || c == 'e' || c == 'E') {
                    isFloat = true;
                    advance();
                    if ((c == 'e' || c == 'E') && (peekIs('-') || peekIs('+'))) {
                        advance();
                    }
                } else {
                    break;
                }
            }
            String t = s.substring(start, pos);
            try {
                Object v = isFloat ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
                skip();
                return v;
            } catch (NumberFormatException e) {
                throw error("malformed number '" + t + "'");
            }
        }
    }
}
