package dev.mnc.prune;

import dev.mnc.ir.Node;
import dev.mnc.ir.Shape;
import dev.mnc.ir.Value;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.ir.ops.ConvTranspose2d;
import dev.mnc.ir.ops.FullyConnected;
import dev.mnc.ir.ops.MatMul;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;

/**
 * {@link Importance#RECONSTRUCTION}: ranks a group's channels by what recovery cannot restore.
 *
 * <p>Each layer L that reads the group computes y = W x + b from its input x (a conv's weights
 * stacked over its kernel taps, as if each tap were a 1x1 conv on the same input). With Sigma the
 * covariance of x on calibration data (plus lambda = 1e-3 of its mean diagonal, for rank-deficient
 * inputs), removing input i and refitting the rest by least squares, as {@link Recovery} does,
 * adds |beta_i|^2 / P_ii to the expected squared output error, where P = Sigma^-1 and beta = W:
 * the regression identity for dropping one regressor. Dropping it updates
 * P <- P - P_:i P_i: / P_ii and beta <- beta - beta_:i P_i: / P_ii, after which the next removal
 * is priced the same way (a channel spanning several inputs uses the block form
 * tr(beta_J P_JJ^-1 beta_J^T)).
 *
 * <p>The group's cost of removing a channel is that added error divided by the output variance
 * tr(W Sigma W^T) of each layer, summed over the layers reading it. Channels are removed greedily,
 * cheapest first; the costs are relative errors, comparable across groups, so the planner can
 * rank them globally per MAC saved. Inputs a layer reads through a global average are measured
 * per pixel of the averaged map, as recovery fits them. A channel that is constant on the
 * calibration data (a dead ReLU) costs almost nothing: the bias absorbs it.
 *
 * <p>Each layer's relative error is weighted by its {@link Sensitivity}, how much a relative error
 * in its output moves the model's outputs, so that channels go first where errors matter least.
 */
final class Reconstruction {
    private static final double LAMBDA = 1e-3;
    /**
     * Covariance shrinkage per input dimension and sample: the diagonal grows by SHRINK * C / n of
     * itself for C inputs measured at n positions. A refit on finite calibration data with a
     * ridge cannot lean on every correlation the sample covariance shows, least of all when C is
     * large next to n; shrinking toward the diagonal prices channels the way recovery can
     * actually replace them. 10 measured better than 1 on MobileNetV2 (see the module's tests).
     */
    private static final double SHRINK = 10;
    /** Inputs wider than this (a flattened feature map) are not modelled; their layer is left out of the cost. */
    static final int MAX_INPUTS = 4096;

    private Reconstruction() {}

    /** The tensors whose second moments the ranking needs: the (averaged) inputs of the layers reading prunable groups. */
    static List<Node> allReaders(DependencyGraph deps) {
        Set<Node> out = new LinkedHashSet<>();
        for (DependencyGraph.Group g : deps.internalGroups()) {
            if (g.prunable()) {
                out.addAll(readers(deps, g));
            }
        }
        return new ArrayList<>(out);
    }

    static List<String> tappedValues(DependencyGraph deps) {
        Set<String> out = new LinkedHashSet<>();
        for (DependencyGraph.Group g : deps.internalGroups()) {
            if (g.prunable()) {
                for (Node n : readers(deps, g)) {
                    Value tap = LayerFit.inputTap(n);
                    if (tap.shape().intSize(1) <= MAX_INPUTS) {
                        out.add(tap.name());
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The layers (group-1 conv, transposed conv, dense, matmul by a constant) whose input is in the group. */
    static List<Node> readers(DependencyGraph deps, DependencyGraph.Group g) {
        Set<Value> members = new HashSet<>(g.values());
        List<Node> out = new ArrayList<>();
        for (Node n : deps.graph().nodes()) {
            if (!members.contains(n.input(0)) || n.numInputs() < 2 || !n.input(1).isConstant()) {
                continue;
            }
            boolean layer = n.op() instanceof Conv2d c && c.group() == 1
                    || n.op() instanceof ConvTranspose2d t && t.group() == 1
                    || n.op() instanceof FullyConnected
                    || n.op() instanceof MatMul && n.input(0).type().rank() == 2 && n.input(1).type().rank() == 2;
            if (layer) {
                out.add(n);
            }
        }
        return out;
    }

    /** One reading layer during the greedy elimination. */
    private static final class Reader {
        final double[][] p;
        final double[][] beta;
        final boolean[] active;
        final double variance;
        /** Per group channel, the layer's input indices that belong to it. */
        final int[][] inputs;

        Reader(double[][] p, double[][] beta, double variance, int[][] inputs) {
            this.p = p;
            this.beta = beta;
            this.active = new boolean[p.length];
            Arrays.fill(active, true);
            this.variance = variance;
            this.inputs = inputs;
        }

        /** Added squared error of removing inputs J now: tr(beta_J P_JJ^-1 beta_J^T). */
        double price(int[] j) {
            if (j.length == 1) {
                int i = j[0];
                double s = 0;
                for (double[] row : beta) {
                    s += row[i] * row[i];
                }
                return s / p[i][i];
            }
            double[][] pjj = new double[j.length][j.length];
            for (int a = 0; a < j.length; a++) {
                for (int b = 0; b < j.length; b++) {
                    pjj[a][b] = p[j[a]][j[b]];
                }
            }
            double[][] inv = new LUDecomposition(new Array2DRowRealMatrix(pjj, false)).getSolver().getInverse().getData();
            double s = 0;
            for (double[] row : beta) {
                for (int a = 0; a < j.length; a++) {
                    for (int b = 0; b < j.length; b++) {
                        s += row[j[a]] * inv[a][b] * row[j[b]];
                    }
                }
            }
            return s;
        }

        /** Removes input i: conditions P and re-expresses beta on the remaining inputs. */
        void eliminate(int i) {
            double pii = p[i][i];
            int n = p.length;
            double[] pi = p[i].clone();
            for (int a = 0; a < n; a++) {
                if (!active[a] || a == i) {
                    continue;
                }
                double f = p[a][i] / pii;
                if (f != 0) {
                    double[] pa = p[a];
                    for (int b = 0; b < n; b++) {
                        pa[b] -= f * pi[b];
                    }
                }
            }
            for (double[] row : beta) {
                double bi = row[i] / pii;
                if (bi != 0) {
                    for (int a = 0; a < n; a++) {
                        row[a] -= bi * pi[a];
                    }
                }
                row[i] = 0;
            }
            active[i] = false;
        }
    }

    /**
     * The greedy removal order and costs of a prunable group, down to {@code floor} channels.
     * Returns null when no layer reading the group could be modelled (the caller falls back).
     */
    static Ranking rank(DependencyGraph deps, DependencyGraph.Group g, Map<String, InputStats.Moments> stats,
            int floor, Map<Node, Double> sensitivity) {
        ChannelSpace space = deps.space();
        List<Reader> readers = new ArrayList<>();
        for (Node n : readers(deps, g)) {
            InputStats.Moments m = stats.get(LayerFit.inputTap(n).name());
            Value x = n.input(0);
            if (m == null || m.count == 0 || m.channels != space.channels(x)) {
                continue;
            }
            int[][] inputs = new int[g.size()][];
            for (int j = 0; j < g.size(); j++) {
                List<Integer> idx = new ArrayList<>();
                for (int e : g.channels().get(j)) {
                    if (space.valueOf(e) == x) {
                        idx.add(space.channelOf(e));
                    }
                }
                inputs[j] = idx.stream().mapToInt(Integer::intValue).toArray();
            }
            Reader r = reader(n, m, inputs, sensitivity.getOrDefault(n, 1.0));
            if (r != null) {
                readers.add(r);
            }
        }
        if (readers.isEmpty()) {
            return null;
        }
        int steps = g.size() - floor;
        boolean[] gone = new boolean[g.size()];
        int[] order = new int[steps];
        double[] cost = new double[steps];
        for (int s = 0; s < steps; s++) {
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int j = 0; j < g.size(); j++) {
                if (gone[j]) {
                    continue;
                }
                double c = 0;
                for (Reader r : readers) {
                    if (r.inputs[j].length > 0) {
                        c += r.price(r.inputs[j]) / r.variance;
                    }
                }
                if (c < bestCost) {
                    bestCost = c;
                    best = j;
                }
            }
            gone[best] = true;
            order[s] = best;
            cost[s] = Math.max(0, bestCost);
            for (Reader r : readers) {
                for (int i : r.inputs[best]) {
                    r.eliminate(i);
                }
            }
        }
        return new Ranking(order, cost);
    }

    /** The layer's weights stacked as [output x tap][input], its input precision and output variance; null if degenerate. */
    private static Reader reader(Node n, InputStats.Moments m, int[][] inputs, double weight) {
        double[][] w = stacked(n);
        int c = m.channels;
        double[][] cov = m.covariance();
        double diag = 0;
        for (int i = 0; i < c; i++) {
            diag += cov[i][i];
        }
        diag /= c;
        if (!(diag > 0) || Double.isInfinite(diag)) {
            return null;
        }
        double variance = 0;
        for (double[] row : w) {
            for (int i = 0; i < c; i++) {
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += cov[i][j] * row[j];
                }
                variance += row[i] * s;
            }
        }
        if (!(variance > 0)) {
            return null;
        }
        double shrink = SHRINK * c / (double) m.count;
        for (int i = 0; i < c; i++) {
            cov[i][i] += shrink * cov[i][i] + LAMBDA * diag;
        }
        Array2DRowRealMatrix matrix = new Array2DRowRealMatrix(cov, false);
        DecompositionSolver solver;
        try {
            solver = new CholeskyDecomposition(matrix, 1e-12, 1e-14).getSolver();
        } catch (NonPositiveDefiniteMatrixException e) {
            solver = new LUDecomposition(matrix).getSolver();
        }
        return new Reader(solver.getInverse().getData(), w, variance / Math.max(weight, 1e-12), inputs);
    }

    /** Rows: (output, kernel tap); columns: input channels. */
    private static double[][] stacked(Node n) {
        Shape s = n.input(1).shape();
        float[] w = n.input(1).data().floats();
        if (n.op() instanceof Conv2d) {
            int o = s.intSize(0);
            int c = s.intSize(1);
            int taps = s.intSize(2) * s.intSize(3);
            double[][] out = new double[o * taps][c];
            for (int oc = 0; oc < o; oc++) {
                for (int ic = 0; ic < c; ic++) {
                    for (int t = 0; t < taps; t++) {
                        out[oc * taps + t][ic] = w[(oc * c + ic) * taps + t];
                    }
                }
            }
            return out;
        } else if (n.op() instanceof ConvTranspose2d) {
            int c = s.intSize(0);
            int o = s.intSize(1);
            int taps = s.intSize(2) * s.intSize(3);
            double[][] out = new double[o * taps][c];
            for (int ic = 0; ic < c; ic++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int t = 0; t < taps; t++) {
                        out[oc * taps + t][ic] = w[(ic * o + oc) * taps + t];
                    }
                }
            }
            return out;
        } else if (n.op() instanceof MatMul) {
            int k = s.intSize(0);
            int o = s.intSize(1);
            double[][] out = new double[o][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < o; j++) {
                    out[j][i] = w[i * o + j];
                }
            }
            return out;
        }
        int o = s.intSize(0);
        int k = s.intSize(1);
        double[][] out = new double[o][k];
        for (int j = 0; j < o; j++) {
            for (int i = 0; i < k; i++) {
                out[j][i] = w[j * k + i];
            }
        }
        return out;
    }
}
