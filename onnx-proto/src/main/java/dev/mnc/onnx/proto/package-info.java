/**
 * Generated protobuf classes for the ONNX model format ({@code Onnx.ModelProto} and friends),
 * compiled from {@code src/main/proto/onnx.proto}. Nothing hand-written lives here but this file:
 * the importer is in {@code dev.mnc.frontend.onnx}, the test-model builder in {@code dev.mnc.testdata}.
 */
package dev.mnc.onnx.proto;
