package dev.mnc.prune;

import dev.mnc.ir.MncException;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything {@link Pruner#prune} needs to know besides the graph and the calibration data.
 * Immutable; build one with {@link #builder()} (every setting but the budget has a default) or
 * change one with {@link #toBuilder()}:
 * <pre>
 * PruneOptions o = PruneOptions.builder().pruneRatio(0.3).importance(Importance.L1).skip(List.of("Conv_0")).build();
 * </pre>
 *
 * @param budget how much to remove (see {@link Budget}); required
 * @param importance which channels go first; default {@link Importance#RECONSTRUCTION}, by far the
 *     best with recovery on MobileNetV2 at 30% fewer MACs (68% top-1 against 17% for L2, see the
 *     module's tests)
 * @param minChannels the fewest channels a group keeps (a group with fewer to begin with is left
 *     whole); default 8
 * @param channelMultiple kept widths are multiples of this when a multiple at or above
 *     {@code minChannels} exists below the original width (8 suits SIMD kernels); 1 allows any
 *     width; default 8
 * @param skip layers (ONNX node names) whose output channels are all kept; default none
 * @param recovery refit the layers that read pruned channels by least squares on calibration
 *     data ({@link Recovery}); default true
 * @param samplesPerImage output positions per image and layer that feed the least-squares fits
 *     and the statistics of {@link Importance#RECONSTRUCTION} (chosen by a seeded random
 *     generator; all positions when a map has fewer); default 128
 * @param lambda the ridge factor of the refits, relative to the mean square of each layer's
 *     inputs; 0 picks it per layer on held-out calibration samples among 1e-3, 1e-2, 0.1, 1 and
 *     10; default 0
 * @param seed seeds the position sampling and the choice of samples under
 *     {@code calibrationLimit}, so runs are reproducible; default 42
 * @param calibrationLimit use at most this many calibration samples, a seeded choice when there
 *     are more (0: all); default 0
 */
public record PruneOptions(Budget budget, Importance importance, int minChannels, int channelMultiple,
        Set<String> skip, boolean recovery, int samplesPerImage, double lambda, long seed, int calibrationLimit) {

    public PruneOptions {
        if (budget == null) {
            throw new MncException("pruning needs a budget: a prune ratio, a MAC or parameter target, or a width multiplier");
        }
        Objects.requireNonNull(importance, "importance");
        if (minChannels < 1) {
            throw new MncException("the minimum width must be at least 1 channel, got " + minChannels);
        }
        if (channelMultiple < 1) {
            throw new MncException("the channel multiple must be at least 1, got " + channelMultiple);
        }
        if (samplesPerImage < 1) {
            throw new MncException("recovery needs at least 1 sample per image, got " + samplesPerImage);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new MncException("the ridge factor lambda must be a finite number >= 0, got " + lambda);
        }
        if (calibrationLimit < 0) {
            throw new MncException("the calibration limit must not be negative, got " + calibrationLimit);
        }
        skip = Set.copyOf(new TreeSet<>(skip));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.budget = budget;
        b.importance = importance;
        b.minChannels = minChannels;
        b.channelMultiple = channelMultiple;
        b.skip = skip;
        b.recovery = recovery;
        b.samplesPerImage = samplesPerImage;
        b.lambda = lambda;
        b.seed = seed;
        b.calibrationLimit = calibrationLimit;
        return b;
    }

    /** True when pruning must run the model on calibration data. */
    public boolean needsCalibration() {
        return recovery || importance == Importance.ACTIVATION || importance == Importance.RECONSTRUCTION;
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private Budget budget;
        private Importance importance = Importance.RECONSTRUCTION;
        private int minChannels = 8;
        private int channelMultiple = 8;
        private Set<String> skip = Set.of();
        private boolean recovery = true;
        private int samplesPerImage = 128;
        private double lambda;
        private long seed = 42;
        private int calibrationLimit;

        private Builder() {}

        public Builder budget(Budget b) {
            this.budget = b;
            return this;
        }

        /** Remove at least this fraction of the MACs ({@link Budget.PruneRatio}). */
        public Builder pruneRatio(double ratio) {
            return budget(Budget.pruneRatio(ratio));
        }

        /** Remove channels until at most this many MACs remain ({@link Budget.TargetMacs}). */
        public Builder targetMacs(long macs) {
            return budget(Budget.targetMacs(macs));
        }

        /** Remove channels until at most this many parameters remain ({@link Budget.TargetParams}). */
        public Builder targetParams(long params) {
            return budget(Budget.targetParams(params));
        }

        /** Every prunable group keeps this fraction of its channels ({@link Budget.WidthMultiplier}). */
        public Builder widthMultiplier(double alpha) {
            return budget(Budget.widthMultiplier(alpha));
        }

        public Builder importance(Importance i) {
            this.importance = i;
            return this;
        }

        public Builder minChannels(int n) {
            this.minChannels = n;
            return this;
        }

        public Builder channelMultiple(int m) {
            this.channelMultiple = m;
            return this;
        }

        public Builder skip(Collection<String> layers) {
            this.skip = Set.copyOf(layers);
            return this;
        }

        public Builder recovery(boolean on) {
            this.recovery = on;
            return this;
        }

        public Builder samplesPerImage(int n) {
            this.samplesPerImage = n;
            return this;
        }

        public Builder lambda(double l) {
            this.lambda = l;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder calibrationLimit(int n) {
            this.calibrationLimit = n;
            return this;
        }

        /** @throws MncException when no budget was given or a setting is out of range */
        public PruneOptions build() {
            return new PruneOptions(budget, importance, minChannels, channelMultiple, skip, recovery,
                    samplesPerImage, lambda, seed, calibrationLimit);
        }
    }
}
