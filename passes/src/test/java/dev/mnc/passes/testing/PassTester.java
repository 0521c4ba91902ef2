package dev.mnc.passes.testing;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import dev.mnc.ir.ops.Transpose;
import dev.mnc.ir.text.IrParser;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassRegistry;
import dev.mnc.passes.PassResult;
import dev.mnc.passes.Pipeline;
import dev.mnc.passes.RewriteEvent;
import dev.mnc.passes.instrument.VerifyEach;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs golden cases the way mnc tests its passes, so that users can test theirs the same way:
 * the input is parsed ({@link IrParser#parse}) and run through the case's passes with the verifier
 * after each; the output and the expected graph ({@link IrParser#parseLenient}) are both printed
 * with {@link IrPrinter#structure} and compared, a failure naming the file and case and showing a
 * diff. Every idempotent pass then runs once more and must change nothing. With a
 * {@link GraphEvaluator}, input and output graphs also run on the same random inputs and must
 * agree (NHWC boundaries made by layout-nhwc are transposed to match).
 */
public final class PassTester {
    private final PassRegistry registry;
    private final GraphEvaluator evaluator;

    /** @param evaluator checks numeric equivalence; null to compare structure only */
    public PassTester(PassRegistry registry, GraphEvaluator evaluator) {
        this.registry = registry;
        this.evaluator = evaluator;
    }

    /** Checks one case; throws {@link AssertionError} naming file and case. */
    public void check(GoldenFile file, GoldenFile.Case c) {
        String where = file.name() + ":" + c.line() + " case " + c.name() + " (" + c.description() + ")";
        Graph input;
        try {
            input = IrParser.parse(c.input());
        } catch (MncException e) {
            throw new AssertionError(where + ": input does not parse: " + e.getMessage(), e);
        }
        Graph original = input.copy();
        Pipeline pipeline = registry.parse(file.run());
        PassContext.Builder ctx = registry.contextBuilder().instrument(new VerifyEach());
        file.options().forEach(ctx::set);
        c.options().forEach(ctx::set);
        PassContext context = ctx.build();
        PassResult result;
        try {
            result = pipeline.run(input, context);
        } catch (MncException e) {
            if (c.kind() == GoldenFile.Kind.ERROR) {
                if (!e.getMessage().contains(c.expect())) {
                    throw new AssertionError(where + ": expected an error containing\n  " + c.expect()
                            + "\nbut got\n  " + e.getMessage(), e);
                }
                return;
            }
            throw new AssertionError(where + ": the passes failed: " + e.getMessage(), e);
        }
        if (c.kind() == GoldenFile.Kind.ERROR) {
            throw new AssertionError(where + ": expected an error containing '" + c.expect() + "', but the run succeeded:\n"
                    + IrPrinter.structure(input));
        }
        checkEvents(where, result, c.events());
        if (c.kind() == GoldenFile.Kind.UNCHANGED) {
            String before = IrPrinter.full(original);
            String after = IrPrinter.full(input);
            if (!before.equals(after) || result.changed()) {
                throw new AssertionError(where + ": expected no change (" + c.expect() + "), but:\n"
                        + TextDiff.diff(before, after));
            }
        } else {
            Graph expected;
            try {
                expected = IrParser.parseLenient(c.expect());
                Verifier.verify(expected);
            } catch (MncException e) {
                throw new AssertionError(where + ": the expected graph is not valid IR: " + e.getMessage(), e);
            }
            String want = IrPrinter.structure(expected);
            String got = IrPrinter.structure(input);
            if (!want.equals(got)) {
                throw new AssertionError(where + ": output differs from # EXPECT (- expected, + actual):\n"
                        + TextDiff.diff(want, got));
            }
        }
        checkIdempotent(where, pipeline, input, context);
        if (evaluator != null) {
            assertSameResults(where, original, input, c.name().hashCode());
        }
    }

    private static void checkEvents(String where, PassResult result, List<String> wanted) {
        List<String> all = new ArrayList<>();
        collect(result, all);
        for (String w : wanted) {
            if (all.stream().noneMatch(e -> e.contains(w))) {
                throw new AssertionError(where + ": no rewrite event contains '" + w + "'; events were:\n  "
                        + String.join("\n  ", all));
            }
        }
    }

    private static void collect(PassResult r, List<String> out) {
        for (RewriteEvent e : r.events()) {
            out.add(e.toString());
        }
        for (PassResult child : r.children()) {
            collect(child, out);
        }
    }

    private static void checkIdempotent(String where, Pipeline pipeline, Graph g, PassContext context) {
        for (Pass p : pipeline.passes()) {
            if (!p.info().idempotent()) {
                continue;
            }
            String before = IrPrinter.full(g);
            PassResult again = Pipeline.of("again", p).run(g, context);
            String after = IrPrinter.full(g);
            if (again.changed() || !before.equals(after)) {
                throw new AssertionError(where + ": idempotent pass " + p.info().name()
                        + " changed the graph when run a second time: " + again + "\n" + TextDiff.diff(before, after));
            }
        }
    }

    /**
     * Runs both graphs on the same random inputs in [-2, 2) and compares every output within
     * 1e-4 of the output's magnitude; throws {@link AssertionError} naming {@code where}.
     */
    public void assertSameResults(String where, Graph before, Graph after, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, TensorData> inBefore = new LinkedHashMap<>();
        Map<String, TensorData> inAfter = new LinkedHashMap<>();
        for (Value v : before.inputs()) {
            int n = Math.toIntExact(v.shape().numElements());
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = (float) (random.nextDouble() * 4 - 2);
            }
            TensorData d = TensorData.ofFloats(v.shape(), data);
            inBefore.put(v.name(), d);
            Value w = after.value(v.name()).orElseThrow(() -> new AssertionError(where + ": graph input %" + v.name()
                    + " disappeared"));
            inAfter.put(v.name(), toLayoutOf(where, d, v, w, Transpose.NCHW_TO_NHWC));
        }
        Map<String, TensorData> want = evaluator.run(before, inBefore);
        Map<String, TensorData> got = evaluator.run(after, inAfter);
        for (Map.Entry<String, TensorData> e : want.entrySet()) {
            TensorData g = got.get(e.getKey());
            if (g == null) {
                throw new AssertionError(where + ": graph output %" + e.getKey() + " disappeared");
            }
            TensorData w = e.getValue();
            Value outBefore = outputNamed(before, e.getKey());
            Value outAfter = outputNamed(after, e.getKey());
            g = toLayoutOf(where, g, outAfter, outBefore, Transpose.NHWC_TO_NCHW);
            float[] a = w.floats();
            float[] b = g.floats();
            double scale = 1;
            for (float v : a) {
                if (Float.isFinite(v)) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            for (int i = 0; i < a.length; i++) {
                double tol = 1e-4 * scale;
                if (a[i] != b[i] && !(Math.abs(a[i] - b[i]) <= tol) && !(Float.isNaN(a[i]) && Float.isNaN(b[i]))) {
                    throw new AssertionError(where + ": output %" + e.getKey() + " element " + i + " is " + b[i]
                            + " after the passes but " + a[i] + " before");
                }
            }
        }
    }

    private static Value outputNamed(Graph g, String name) {
        return g.outputs().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("graph output %" + name + " disappeared"));
    }

    /**
     * Data {@code d} of value {@code from}, rearranged for value {@code to}: transposed by
     * {@code perm} when layout-nhwc moved the value between NCHW and NHWC (the layout tags say
     * so, or only the permuted shape fits).
     */
    private static TensorData toLayoutOf(String where, TensorData d, Value from, Value to, int[] perm) {
        boolean tagged = from.type().layout() != to.type().layout()
                && (from.type().layout() == dev.mnc.ir.Layout.NHWC || to.type().layout() == dev.mnc.ir.Layout.NHWC);
        if (!tagged && d.shape().equals(to.shape())) {
            return d;
        }
        Shape target = to.shape();
        if (d.shape().rank() != 4 || !d.shape().permute(perm).equals(target)) {
            throw new AssertionError(where + ": shape " + d.shape() + " became " + target);
        }
        return Transposer.transpose(d, perm);
    }
}
