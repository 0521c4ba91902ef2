/**
 * Test support for passes, built to ship later as the {@code mnc-testing} artifact: golden files
 * ({@link dev.mnc.passes.testing.GoldenFile}), the runner that checks them
 * ({@link dev.mnc.passes.testing.PassTester}), and the numeric-equivalence hook
 * ({@link dev.mnc.passes.testing.GraphEvaluator}) with a plain reference interpreter.
 */
package dev.mnc.passes.testing;
