package dev.mnc.frontend.onnx;

/**
 * Imports one ONNX op: reads the node's inputs from the {@link ImportContext}, adds IR nodes (or
 * folds the node into a constant) and defines the node's outputs. Errors are
 * {@link dev.mnc.ir.MncException}s saying what is wrong; the importer adds the file and node.
 */
@FunctionalInterface
interface OpConverter {
    void convert(OnnxNode node, ImportContext ctx);
}
