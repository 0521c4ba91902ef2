/**
 * Test support shared by all modules (used only in test scope): {@link dev.mnc.testdata.OnnxModelBuilder}
 * writes small ONNX models, {@link dev.mnc.testdata.OrtOracle} runs them through ONNX Runtime (an
 * oracle nobody here wrote), and {@link dev.mnc.testdata.SharedData} and
 * {@link dev.mnc.testdata.PaddleModels} locate the real models and images; {@link dev.mnc.testdata.fuzz}
 * damages files for the readers' fuzz tests. Nothing here is shipped to users.
 */
package dev.mnc.testdata;
