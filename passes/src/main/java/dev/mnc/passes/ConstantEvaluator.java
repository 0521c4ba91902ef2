package dev.mnc.passes;

import dev.mnc.ir.TensorData;
import dev.mnc.ir.ops.Op;
import java.util.List;
import java.util.Optional;

/**
 * Computes an op's outputs from constant inputs, for {@link FoldConstants}. This is the seam
 * through which arithmetic folding arrives: mnc has one set of kernels, the runtime's, and an
 * evaluator backed by them will fold {@code add}, {@code mul} and friends on constants, so that
 * folding, calibration and the deployed runtime compute the same numbers. Until then
 * {@link DataMovementEvaluator} folds the ops that only move data.
 */
@FunctionalInterface
public interface ConstantEvaluator {

    /** The outputs of {@code op} applied to {@code inputs}, or empty if this evaluator does not handle the op. */
    Optional<List<TensorData>> evaluate(Op op, List<TensorData> inputs);
}
