package dev.mnc.prune;

/**
 * What recovery did to one layer that reads pruned channels. Errors are relative: the squared
 * error of the layer's output against the unpruned model's, divided by the variance of the
 * unpruned output (1.0 means no better than predicting each output channel's mean), measured on
 * held-out calibration images when there were at least 5 (else on the fitting samples).
 *
 * @param layer the layer, by ONNX node name
 * @param samples input rows the fit used (pixels, or batch rows of a dense layer)
 * @param lambda the ridge factor chosen, relative to the inputs' mean square
 * @param errorBefore relative error with the pruned weights as sliced
 * @param errorAfter relative error with the refit weights (equal to errorBefore when not applied)
 * @param heldOut whether the errors are on held-out images
 * @param applied whether the refit weights replaced the sliced ones
 * @param note why a refit was not applied, or empty
 */
public record RefitReport(String layer, long samples, double lambda, double errorBefore, double errorAfter,
        boolean heldOut, boolean applied, String note) {}
