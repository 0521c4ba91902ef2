package dev.mnc.quantize;

import dev.mnc.ir.MncException;
import java.util.Objects;

/**
 * Everything that decides how {@link Quantizer} quantizes a graph. Immutable; build one with
 * {@link #builder()} (every setting starts at its default) or change one with {@link #toBuilder()}.
 *
 * @param method how activation ranges are chosen; default {@link CalibrationMethod#MSE}, which
 *     measured best among the methods on MobileNetV2 and the PaddleOCR classifier (see the
 *     module's test notes)
 * @param percentile p for {@link CalibrationMethod#PERCENTILE}, in (50, 100]; default 99.99
 * @param perChannel conv2d weights (depthwise included) get one scale per output channel (the
 *     TFLite spec's default); false for one scale per tensor ({@code --per-tensor})
 * @param perChannelFullyConnected fully_connected weights get one scale per output unit; default
 *     false, one per tensor, as TFLite's converter does
 * @param ioType element type of the model's inputs and outputs; default {@link IoType#FLOAT}
 * @param crossLayerEqualization equalize the weight ranges of consecutive convolutions before
 *     calibration ({@link CrossLayerEqualization}); default false
 * @param biasCorrection correct each layer's bias by the mean error its weight quantization
 *     causes on the calibration data ({@link BiasCorrection}); default false
 * @param fallback which layers stay in float; default none
 * @param threads calibration threads, each running its own runtime session; results do not
 *     depend on it; default 1
 * @param calibrationLimit use at most this many calibration samples, a seeded choice when there
 *     are more (0: all); default 0
 * @param measureSamples measure the report's errors (and rank layers for the fallback) on the
 *     first this many calibration samples (0: all of them); measuring runs the model about three
 *     times per sample, so a few dozen samples make a large calibration set cheaper; default 0
 * @param seed seeds the choice of samples under {@code calibrationLimit}; default 0
 */
public record QuantizeOptions(CalibrationMethod method, double percentile, boolean perChannel,
        boolean perChannelFullyConnected, IoType ioType, boolean crossLayerEqualization, boolean biasCorrection,
        Fallback fallback, int threads, int calibrationLimit, int measureSamples, long seed) {

    /** Most calibration threads accepted. */
    public static final int MAX_THREADS = 256;

    public QuantizeOptions {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(ioType, "ioType");
        Objects.requireNonNull(fallback, "fallback");
        if (!(percentile > 50 && percentile <= 100)) {
            throw new MncException("the calibration percentile must be in (50, 100], got " + percentile);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new MncException("calibration threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        if (calibrationLimit < 0) {
            throw new MncException("the calibration limit must not be negative, got " + calibrationLimit);
        }
        if (measureSamples < 0) {
            throw new MncException("the number of samples to measure errors on must not be negative, got "
                    + measureSamples);
        }
    }

    /** All defaults: MSE ranges, per-channel conv weights, float I/O, no CLE, no bias correction. */
    public static QuantizeOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.percentile = percentile;
        b.perChannel = perChannel;
        b.perChannelFullyConnected = perChannelFullyConnected;
        b.ioType = ioType;
        b.crossLayerEqualization = crossLayerEqualization;
        b.biasCorrection = biasCorrection;
        b.fallback = fallback;
        b.threads = threads;
        b.calibrationLimit = calibrationLimit;
        b.measureSamples = measureSamples;
        b.seed = seed;
        return b;
    }

    /** One line for logs and the report: the settings that differ between runs. */
    public String describe() {
        return method.text() + (method == CalibrationMethod.PERCENTILE ? "(" + percentile + ")" : "")
                + (perChannel ? ", per-channel" : ", per-tensor") + " weights"
                + (perChannelFullyConnected ? " (per-channel dense)" : "") + ", " + ioType.text() + " I/O"
                + (crossLayerEqualization ? ", cross-layer equalization" : "")
                + (biasCorrection ? ", bias correction" : "")
                + (fallback.isNone() ? "" : ", fallback " + (fallback.worstLayers() > 0
                        ? fallback.worstLayers() + " worst layers" : "") + (fallback.minSqnrDb() > Double.NEGATIVE_INFINITY
                        ? (fallback.worstLayers() > 0 ? " and" : "") + " layers under " + fallback.minSqnrDb() + " dB" : ""));
    }

    /** Collects settings; every one starts at its default. */
    public static final class Builder {
        private CalibrationMethod method = CalibrationMethod.MSE;
        private double percentile = 99.99;
        private boolean perChannel = true;
        private boolean perChannelFullyConnected;
        private IoType ioType = IoType.FLOAT;
        private boolean crossLayerEqualization;
        private boolean biasCorrection;
        private Fallback fallback = Fallback.none();
        private int threads = 1;
        private int calibrationLimit;
        private int measureSamples;
        private long seed;

        private Builder() {}

        public Builder method(CalibrationMethod m) {
            method = m;
            return this;
        }

        public Builder percentile(double p) {
            percentile = p;
            return this;
        }

        public Builder perChannel(boolean b) {
            perChannel = b;
            return this;
        }

        public Builder perChannelFullyConnected(boolean b) {
            perChannelFullyConnected = b;
            return this;
        }

        public Builder ioType(IoType t) {
            ioType = t;
            return this;
        }

        public Builder crossLayerEqualization(boolean b) {
            crossLayerEqualization = b;
            return this;
        }

        public Builder biasCorrection(boolean b) {
            biasCorrection = b;
            return this;
        }

        public Builder fallback(Fallback f) {
            fallback = f;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        public Builder calibrationLimit(int n) {
            calibrationLimit = n;
            return this;
        }

        public Builder measureSamples(int n) {
            measureSamples = n;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public QuantizeOptions build() {
            return new QuantizeOptions(method, percentile, perChannel, perChannelFullyConnected, ioType,
                    crossLayerEqualization, biasCorrection, fallback, threads, calibrationLimit, measureSamples, seed);
        }
    }
}
