package dev.mnc.prune;

import dev.mnc.passes.CalibrationData;
import dev.mnc.passes.ProgressListener;
import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.BatchNorm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores every channel of every prunable group by an {@link Importance} criterion.
 *
 * <p>A group gathers several measurements of its channels: one per weight it slices (the
 * producing conv's filters, each reading layer's input slices, depthwise filters) for L1/L2, one
 * per batch_norm for gamma, one per tapped tensor for activations. A channel spanning several
 * elements of a tensor (a flattened feature map) sums them for weights and averages them for
 * activations. Each measurement is divided by its mean over the group's channels, and the
 * normalized measurements are averaged: every group's scores have mean 1, so one global threshold
 * cuts each group where its channels fall behind the group's typical channel. A measurement that
 * is zero for the whole group carries no ranking and is left out.
 *
 * <p>{@link Importance#RECONSTRUCTION} does not score channels one by one: each group goes to
 * {@link Reconstruction} for a greedy removal order whose costs already compare across groups.
 */
final class ChannelImportance {
    /** Calibration samples the output sensitivity of each layer is measured on (see {@link Sensitivity}). */
    private static final int SENSITIVITY_SAMPLES = 16;

    private ChannelImportance() {}

    /**
     * The removal order of every prunable group (null for the others), measuring what the
     * criterion needs on the calibration data first.
     *
     * @param notes receives a line for each group that had to fall back to another criterion
     */
    static Ranking[] rank(DependencyGraph deps, PruneOptions options, CalibrationData data, ProgressListener progress,
            List<String> notes) {
        Importance kind = options.importance();
        Ranking[] out = new Ranking[deps.internalGroups().size()];
        if (kind == Importance.RECONSTRUCTION) {
            Map<String, InputStats.Moments> moments = InputStats.measure(deps.graph(), Reconstruction.tappedValues(deps),
                    data, options.samplesPerImage(), options.seed(), progress);
            Map<Node, Double> sensitivity = Sensitivity.measure(deps.graph(), Reconstruction.allReaders(deps), data,
                    SENSITIVITY_SAMPLES, progress);
            List<String> unmodelled = new ArrayList<>();
            for (DependencyGraph.Group g : deps.internalGroups()) {
                if (g.prunable()) {
                    int floor = Math.min(g.size(), options.minChannels());
                    out[g.id()] = Reconstruction.rank(deps, g, moments, floor, sensitivity);
                    if (out[g.id()] == null) {
                        unmodelled.add(deps.groups().get(g.id()).name());
                    }
                }
            }
            if (!unmodelled.isEmpty()) {
                notes.add("reconstruction: " + unmodelled.size() + " group(s) whose reading layers could not be"
                        + " modelled are kept whole: " + String.join(", ", unmodelled));
            }
            return out;
        }
        Map<String, double[]> activations = kind == Importance.ACTIVATION
                ? ActivationStats.meanAbs(deps.graph(), tappedValues(deps), data, progress) : Map.of();
        double[][] scores = score(deps, kind, activations, notes);
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != null) {
                out[i] = Ranking.byScore(scores[i]);
            }
        }
        return out;
    }

    /**
     * Scores per group (null for groups that are not prunable).
     *
     * @param activations mean |x| per channel of the tensors {@link #tappedValues} names; used by
     *     {@link Importance#ACTIVATION} only
     * @param notes receives a line for each group that had to fall back to another criterion
     */
    static double[][] score(DependencyGraph deps, Importance kind, Map<String, double[]> activations,
            List<String> notes) {
        List<DependencyGraph.Group> groups = deps.internalGroups();
        double[][] out = new double[groups.size()][];
        List<Node> nodes = deps.graph().nodes();
        List<String> fallbacks = new ArrayList<>();
        for (DependencyGraph.Group g : groups) {
            if (!g.prunable()) {
                continue;
            }
            List<double[]> m = switch (kind) {
                case L1 -> weightNorms(deps, g, nodes, false);
                case L2 -> weightNorms(deps, g, nodes, true);
                case BN_GAMMA -> gammas(deps, g, nodes);
                case ACTIVATION -> activations(deps, g, nodes, activations);
                case RECONSTRUCTION -> throw new IllegalArgumentException("reconstruction ranks, it does not score");
            };
            if (kind == Importance.BN_GAMMA && m.isEmpty()) {
                fallbacks.add(deps.groups().get(g.id()).name());
                m = weightNorms(deps, g, nodes, false);
            }
            out[g.id()] = normalizedMean(m, g.size());
        }
        if (!fallbacks.isEmpty()) {
            notes.add("bn-gamma: " + fallbacks.size() + " group(s) without batch_norm ranked by L1 instead: "
                    + String.join(", ", fallbacks));
        }
        return out;
    }

    /**
     * The tensors {@link Importance#ACTIVATION} measures: in each prunable group, those a layer
     * (conv, dense, matmul) reads; all its computed tensors if no layer reads one.
     */
    static List<String> tappedValues(DependencyGraph deps) {
        Graph graph = deps.graph();
        Set<String> out = new LinkedHashSet<>();
        for (DependencyGraph.Group g : deps.internalGroups()) {
            if (!g.prunable()) {
                continue;
            }
            List<Value> read = layerInputs(g, graph.nodes());
            for (Value v : read.isEmpty() ? g.values() : read) {
                if (!graph.isGraphInput(v)) {
                    out.add(v.name());
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static List<Value> layerInputs(DependencyGraph.Group g, List<Node> nodes) {
        Set<Value> members = new HashSet<>(g.values());
        Set<Value> read = new LinkedHashSet<>();
        for (Node n : nodes) {
            if (DependencyGraph.isLayer(n.op()) && members.contains(n.input(0))) {
                read.add(n.input(0));
            }
        }
        return new ArrayList<>(read);
    }

    private static List<double[]> weightNorms(DependencyGraph deps, DependencyGraph.Group g, List<Node> nodes,
            boolean l2) {
        Set<Value> members = new HashSet<>(g.values());
        List<double[]> out = new ArrayList<>();
        for (Node n : nodes) {
            for (ParamSlice s : ParamSlice.of(n)) {
                if (!s.weight() || !members.contains(s.by())) {
                    continue;
                }
                double[] perIndex = perIndexNorm(n.input(s.input()), s.axis(), l2);
                double[] m = perChannel(deps, g, s.by(), perIndex, false);
                if (l2) {
                    for (int j = 0; j < m.length; j++) {
                        m[j] = Math.sqrt(m[j]);
                    }
                }
                out.add(m);
            }
        }
        return out;
    }

    private static List<double[]> gammas(DependencyGraph deps, DependencyGraph.Group g, List<Node> nodes) {
        Set<Value> members = new HashSet<>(g.values());
        List<double[]> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.op() instanceof BatchNorm && members.contains(n.input(0)) && n.input(1).isConstant()) {
                float[] gamma = n.input(1).data().floats();
                double[] abs = new double[gamma.length];
                for (int i = 0; i < gamma.length; i++) {
                    abs[i] = Math.abs(gamma[i]);
                }
                out.add(perChannel(deps, g, n.input(0), abs, true));
            }
        }
        return out;
    }

    private static List<double[]> activations(DependencyGraph deps, DependencyGraph.Group g, List<Node> nodes,
            Map<String, double[]> stats) {
        List<Value> read = layerInputs(g, nodes);
        List<double[]> out = new ArrayList<>();
        for (Value v : read.isEmpty() ? g.values() : read) {
            double[] s = stats.get(v.name());
            if (s != null) {
                out.add(perChannel(deps, g, v, s, true));
            }
        }
        return out;
    }

    /** Sum (L1) or sum of squares (L2) of a weight over every axis but {@code axis}, per index of that axis. */
    private static double[] perIndexNorm(Value weight, int axis, boolean squares) {
        long[] dims = weight.shape().toLongArray();
        int inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= (int) dims[i];
        }
        int size = (int) dims[axis];
        float[] w = weight.data().floats();
        double[] out = new double[size];
        for (int f = 0; f < w.length; f++) {
            double v = w[f];
            out[(f / inner) % size] += squares ? v * v : Math.abs(v);
        }
        return out;
    }

    /** Per group channel: the sum (or mean) of {@code perIndex} over the channel's elements in {@code v}. */
    private static double[] perChannel(DependencyGraph deps, DependencyGraph.Group g, Value v, double[] perIndex,
            boolean mean) {
        ChannelSpace s = deps.space();
        double[] out = new double[g.size()];
        for (int j = 0; j < g.size(); j++) {
            double sum = 0;
            int count = 0;
            for (int e : g.channels().get(j)) {
                if (s.valueOf(e) == v) {
                    sum += perIndex[s.channelOf(e)];
                    count++;
                }
            }
            out[j] = mean && count > 0 ? sum / count : sum;
        }
        return out;
    }

    /** Each measurement over its mean, then averaged; all ones when nothing ranks the channels. */
    static double[] normalizedMean(List<double[]> measurements, int n) {
        double[] out = new double[n];
        int used = 0;
        for (double[] m : measurements) {
            double mean = 0;
            for (double v : m) {
                mean += v;
            }
            mean /= n;
            if (!(mean > 0) || Double.isInfinite(mean)) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                out[j] += m[j] / mean;
            }
            used++;
        }
        for (int j = 0; j < n; j++) {
            out[j] = used == 0 ? 1 : out[j] / used;
        }
        return out;
    }
}
