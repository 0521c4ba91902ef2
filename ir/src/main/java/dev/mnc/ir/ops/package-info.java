/**
 * The closed set of IR operations. Each op is a record holding its typed attributes, with a Javadoc
 * stating its inputs, semantics and shape rule, and {@link dev.mnc.ir.ops.Op#inferTypes} computing
 * output types. Frontends map foreign op zoos onto this set (ONNX {@code Clip} at any opset becomes
 * one {@link dev.mnc.ir.ops.Clip}); backends map it onto theirs. {@link dev.mnc.ir.ops.Ops} lists
 * them all by text name.
 */
package dev.mnc.ir.ops;
