/**
 * Test support shared by all modules (used only in test scope): ONNX model builder, oracles nobody here wrote (ONNX Runtime, the TFLite interpreter), and locators for real models and images.
 */
package dev.mnc.testdata;
