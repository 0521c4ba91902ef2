package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Node;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.ir.Verifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recovery without retraining: every layer that reads pruned channels is refit by least squares
 * ({@link LayerFit}) so that its output on calibration data matches the unpruned model's (or,
 * feeding a residual sum, so that the sum does).
 *
 * <p>Layers are fit in topological order, in rounds: a round holds every remaining layer whose
 * pruned-model inputs (its input, and the trunk of its residual sum) do not depend on another
 * remaining layer, so each layer is fit on inputs that already
 * reflect the refits upstream of it (the pruned model as it will be). A round compiles both models
 * down to the tensors its layers need ({@link TapRunner}), streams the calibration data through
 * them once, and solves. Memory is the normal equations of the round's layers plus one image's
 * activations, whatever the number of images.
 *
 * <p>Depthwise convs cannot mix channels, so they are not refit; the pointwise conv after them is.
 * Transposed convs and grouped convs are not refit either.
 */
final class Recovery {
    private Recovery() {}

    /** Refits the layers of {@code pruned} (in place) that read channels {@code plan} removed from {@code original}. */
    static List<RefitReport> run(Graph original, Graph pruned, Plan plan, CalibrationData data, PruneOptions options,
            ProgressListener progress) {
        Map<Value, int[]> kept = plan.keptChannels();
        List<LayerFit> pending = new ArrayList<>();
        for (Node n : original.nodes()) {
            LayerFit f = LayerFit.of(n, kept, options.seed() + pending.size() * 1_000_003L, options.samplesPerImage());
            if (f != null) {
                pending.add(f);
            }
        }
        if (data.size() == 0) {
            throw new MncException("the calibration data is empty; recovery needs at least one sample");
        }
        List<RefitReport> reports = new ArrayList<>();
        int total = pending.size();
        boolean holdout = data.size() >= 5;
        progress.progress("recovery", 0, total);
        while (!pending.isEmpty()) {
            List<LayerFit> round = nextRound(original, pending);
            pending.removeAll(round);
            Set<String> tapSet = new LinkedHashSet<>();
            round.forEach(f -> tapSet.addAll(f.taps()));
            List<String> taps = new ArrayList<>(tapSet);
            try (TapRunner full = new TapRunner(original, taps); TapRunner thin = new TapRunner(pruned, taps)) {
                for (int image = 0; image < data.size(); image++) {
                    Map<String, TensorData> sample = data.sample(image);
                    Map<String, TappedTensor> a = full.run(sample);
                    Map<String, TappedTensor> b = thin.run(sample);
                    for (LayerFit f : round) {
                        f.accumulate(a, b, image, holdout && image % 5 == 4);
                    }
                }
            }
            for (LayerFit f : round) {
                reports.add(f.finish(pruned, options.lambda()));
                progress.progress("recovery", reports.size(), total);
            }
        }
        Verifier.verify(pruned);
        return reports;
    }

    /** The pending fits whose tapped input depends on no other pending fit's layer. */
    private static List<LayerFit> nextRound(Graph g, List<LayerFit> pending) {
        Set<Node> layers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (LayerFit f : pending) {
            layers.add(f.original());
        }
        List<LayerFit> round = new ArrayList<>();
        for (LayerFit f : pending) {
            boolean ready = true;
            for (String name : f.prunedInputs()) {
                ready &= !dependsOnAny(g.value(name).orElseThrow(), layers);
            }
            if (ready) {
                round.add(f);
            }
        }
        return round;
    }

    private static boolean dependsOnAny(Value v, Set<Node> layers) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> work = new ArrayDeque<>();
        if (v.producer() != null) {
            work.push(v.producer());
        }
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (!seen.add(n)) {
                continue;
            }
            if (layers.contains(n)) {
                return true;
            }
            for (Value in : n.inputs()) {
                if (in.producer() != null) {
                    work.push(in.producer());
                }
            }
        }
        return false;
    }
}
