package dev.mnc.prune;

import dev.mnc.ir.MncException;

/**
 * How much to prune.
 * <ul>
 * <li>{@link PruneRatio}: remove at least this fraction of the MACs, channels chosen by a global
 *     ranking across groups ({@code --prune-ratio}).</li>
 * <li>{@link TargetMacs}: the same ranking, down to at most this many MACs
 *     ({@code --prune-target-macs}).</li>
 * <li>{@link TargetParams}: the same ranking, down to at most this many parameters
 *     ({@code --prune-target-params}), for a model that must fit a size. Counted as
 *     {@link GraphCost} does, batch_norm statistics included, so the deployed model (batch_norm
 *     folded, as {@code mnc inspect} counts it) has at most as many.</li>
 * <li>{@link WidthMultiplier}: every prunable group keeps this fraction of its channels, the
 *     MobileNet paper's width multiplier, applied after training ({@code --width-multiplier}).
 *     The least important channels of each group go.</li>
 * <li>{@link UniformToMacs}: the largest uniform width multiplier whose model has at most this
 *     many MACs: the baseline a global ranking must beat at equal MACs.</li>
 * </ul>
 */
public sealed interface Budget {

    /** How a report states the budget, e.g. {@code prune ratio 0.3}. */
    String describe();

    /** @param ratio fraction of MACs to remove, in (0, 1) */
    record PruneRatio(double ratio) implements Budget {
        public PruneRatio {
            if (!(ratio > 0 && ratio < 1)) {
                throw new MncException("--prune-ratio must be between 0 and 1 (exclusive), got " + ratio);
            }
        }

        @Override
        public String describe() {
            return "prune ratio " + ratio;
        }
    }

    /** @param macs the most MACs the pruned model may have, positive */
    record TargetMacs(long macs) implements Budget {
        public TargetMacs {
            if (macs <= 0) {
                throw new MncException("--prune-target-macs must be positive, got " + macs);
            }
        }

        @Override
        public String describe() {
            return "target MACs " + macs;
        }
    }

    /** @param params the most parameters the pruned model may have, positive */
    record TargetParams(long params) implements Budget {
        public TargetParams {
            if (params <= 0) {
                throw new MncException("--prune-target-params must be positive, got " + params);
            }
        }

        @Override
        public String describe() {
            return "target params " + params;
        }
    }

    /** @param alpha fraction of channels each prunable group keeps, in (0, 1] */
    record WidthMultiplier(double alpha) implements Budget {
        public WidthMultiplier {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new MncException("--width-multiplier must be in (0, 1], got " + alpha);
            }
        }

        @Override
        public String describe() {
            return "width multiplier " + alpha;
        }
    }

    /** @param macs the most MACs the uniformly thinned model may have, positive */
    record UniformToMacs(long macs) implements Budget {
        public UniformToMacs {
            if (macs <= 0) {
                throw new MncException("the MAC target of a uniform width must be positive, got " + macs);
            }
        }

        @Override
        public String describe() {
            return "uniform width to MACs " + macs;
        }
    }

    /**
     * The one budget a front end's four settings give (each null when not set), or null when none
     * is set. More than one throws what {@code tooMany} supplies, worded in the front end's own
     * terms (flags on the command line, parameters in the Maven plugin).
     */
    public static Budget oneOf(Double ratio, Long targetMacs, Long targetParams, Double widthMultiplier,
            java.util.function.Supplier<? extends RuntimeException> tooMany) {
        int given = (ratio != null ? 1 : 0) + (targetMacs != null ? 1 : 0) + (targetParams != null ? 1 : 0)
                + (widthMultiplier != null ? 1 : 0);
        if (given > 1) {
            throw tooMany.get();
        }
        if (ratio != null) {
            return pruneRatio(ratio);
        } else if (targetMacs != null) {
            return targetMacs(targetMacs);
        } else if (targetParams != null) {
            return targetParams(targetParams);
        } else if (widthMultiplier != null) {
            return widthMultiplier(widthMultiplier);
        }
        return null;
    }

    static Budget pruneRatio(double ratio) {
        return new PruneRatio(ratio);
    }

    static Budget targetMacs(long macs) {
        return new TargetMacs(macs);
    }

    static Budget targetParams(long params) {
        return new TargetParams(params);
    }

    static Budget widthMultiplier(double alpha) {
        return new WidthMultiplier(alpha);
    }

    static Budget uniformToMacs(long macs) {
        return new UniformToMacs(macs);
    }
}
