/**
 * Calibration observers: each watches one tensor's values over the calibration data, in fixed
 * memory, and chooses the real range [lo, hi] to quantize it with. {@link
 * dev.mnc.quantize.observe.MinMaxObserver} and {@link
 * dev.mnc.quantize.observe.MovingAverageMinMaxObserver} track extremes; {@link
 * dev.mnc.quantize.observe.PercentileObserver}, {@link dev.mnc.quantize.observe.EntropyObserver}
 * and {@link dev.mnc.quantize.observe.MseObserver} search a {@link
 * dev.mnc.quantize.observe.Histogram} whose interval a min/max pass fixed first. All of them merge,
 * so calibration can be split across threads or machines. Nothing here knows about graphs or
 * the runtime.
 */
package dev.mnc.quantize.observe;
