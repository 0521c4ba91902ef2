/**
 * The mnc intermediate representation: a {@link dev.mnc.ir.Graph} of {@link dev.mnc.ir.Node}s over
 * SSA {@link dev.mnc.ir.Value}s, each value typed by a {@link dev.mnc.ir.TensorType} and optionally
 * carrying {@link dev.mnc.ir.QuantParams}. Constants are values with {@link dev.mnc.ir.TensorData}.
 *
 * <p>Nothing here knows about ONNX, TFLite, files or the command line: frontends build graphs,
 * passes rewrite them, backends lower them. The op set lives in {@link dev.mnc.ir.ops}, the text
 * form in {@link dev.mnc.ir.text}.
 */
package dev.mnc.ir;
