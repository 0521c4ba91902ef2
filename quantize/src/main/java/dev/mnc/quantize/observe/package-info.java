/**
 * Calibration observers: each watches one tensor's values over the calibration data, in fixed
 * memory, and chooses the real range [lo, hi] to quantize it with. The {@link
 * dev.mnc.quantize.observe.ExtremesObserver}s ({@link dev.mnc.quantize.observe.MinMaxObserver},
 * {@link dev.mnc.quantize.observe.MovingAverageMinMaxObserver}) track each batch's extremes; the
 * {@link dev.mnc.quantize.observe.HistogramObserver}s ({@link
 * dev.mnc.quantize.observe.PercentileObserver}, {@link dev.mnc.quantize.observe.EntropyObserver},
 * {@link dev.mnc.quantize.observe.MseObserver}) search a {@link
 * dev.mnc.quantize.observe.Histogram} whose interval a min/max pass fixed first. All of them merge,
 * so calibration can be split across threads or machines. Nothing here knows about graphs or
 * the runtime.
 */
package dev.mnc.quantize.observe;
