/**
 * ONNX frontend: reads a model file (and its external data) and lowers the ONNX op zoo onto the
 * IR's op set. {@link dev.mnc.frontend.onnx.OnnxImporter} is the entry point and
 * {@link dev.mnc.frontend.onnx.ImportOptions} carries the user's input-shape bindings; everything
 * else is package-private: structure checks ({@code GraphTopology}), tensor decoding
 * ({@code TensorReader}, {@code ExternalData}), exact constant evaluation ({@code ConstantEval})
 * and one converter class per family of ONNX ops ({@code *Ops}, {@code *Op}). No optimization
 * happens here: the frontend maps faithfully, passes fuse and fold.
 */
package dev.mnc.frontend.onnx;
