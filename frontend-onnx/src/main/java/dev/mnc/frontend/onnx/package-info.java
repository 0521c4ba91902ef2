/**
 * ONNX frontend: reads a model file (and its external data) and lowers the ONNX op zoo onto the IR's op set.
 */
package dev.mnc.frontend.onnx;
