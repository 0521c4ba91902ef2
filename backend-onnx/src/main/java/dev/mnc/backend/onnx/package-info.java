/**
 * ONNX backend: writes an NCHW IR graph as an ONNX model, so that pruned models can be fine-tuned in the user's own framework.
 */
package dev.mnc.backend.onnx;
