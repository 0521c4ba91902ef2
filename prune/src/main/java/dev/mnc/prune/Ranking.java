package dev.mnc.prune;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The order in which one group gives up its channels, with the price of each: {@code order[k]} is
 * the k-th channel to go and {@code cost[k]} what removing it costs once the k before it are gone.
 * For per-channel scores the order is by ascending score and the cost the score itself.
 */
record Ranking(int[] order, double[] cost) {

    /** Lowest score first; ties go to the lower index. */
    static Ranking byScore(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> scores[i]).thenComparingInt(i -> i));
        int[] order = new int[idx.length];
        double[] cost = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            order[k] = idx[k];
            cost[k] = scores[idx[k]];
        }
        return new Ranking(order, cost);
    }

    /** How many channels the ranking can give up. */
    int length() {
        return order.length;
    }
}
