package dev.mnc.prune;

/**
 * How much a channel matters, the criterion that decides which channels of a group go first.
 *
 * <ul>
 * <li>{@link #L1}, {@link #L2}: the L1 norm (sum of |w|) or L2 norm of the weights the channel owns
 *     in every layer of its group: its filter in the conv (or dense layer) that produces it, its
 *     slice of the weights of every layer that reads it, its depthwise filter.</li>
 * <li>{@link #BN_GAMMA}: |gamma| of the batch_norms over the channel (network slimming), read on
 *     the imported graph before folding; groups without a batch_norm fall back to {@link #L1}.</li>
 * <li>{@link #ACTIVATION}: the mean |activation| of the channel over calibration data, measured
 *     through the runtime at the inputs of the layers that read the group.</li>
 * </ul>
 * Each measurement (per layer, per batch_norm, per tensor) is divided by its mean over the
 * group's channels and the results averaged, so a group's scores have mean 1: the global ranking
 * compares how a channel stands within its group, not raw magnitudes of layers with different
 * scales.
 *
 * <ul>
 * <li>{@link #RECONSTRUCTION}: the output error that removing the channel leaves in the layers
 *     that read it after they are refit by least squares (what recovery does), relative to their
 *     output variance, from the covariance of their inputs on calibration data. Channels go
 *     greedily, each priced after the ones before it are gone, so a channel that others can stand
 *     in for is cheap; the costs are comparable across groups and are ranked per MAC saved (see
 *     {@link Reconstruction}).</li>
 * </ul>
 */
public enum Importance {
    L1, L2, BN_GAMMA, ACTIVATION, RECONSTRUCTION;

    /** The command-line spelling: {@code l1}, {@code l2}, {@code bn-gamma}, {@code activation}, {@code reconstruction}. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #text()}; unknown names are an error listing the known ones. */
    public static Importance fromText(String s) {
        for (Importance i : values()) {
            if (i.text().equals(s)) {
                return i;
            }
        }
        throw new dev.mnc.ir.MncException("unknown importance '" + s + "' (known: l1, l2, bn-gamma, activation, reconstruction)");
    }
}
