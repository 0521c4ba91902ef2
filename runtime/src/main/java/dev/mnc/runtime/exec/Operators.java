package dev.mnc.runtime.exec;

import dev.mnc.runtime.ModelFormatException;

/** Builds the {@link Operator} for an op record by its opcode; each builder validates its own op. */
final class Operators {
    private Operators() {}

    static Operator create(OpContext c) throws ModelFormatException {
        return switch (c.record.op()) {
            case CONV2D -> new ConvOp(c);
            case CONV_TRANSPOSE2D, CONV_TRANSPOSE2D_ACT -> new ConvTransposeOp(c);
            case BATCH_NORM -> new BatchNormOp(c);
            case ADD, SUB, MUL, DIV -> new BinaryOp(c);
            case RELU, CLIP, SIGMOID, HARD_SIGMOID, HARD_SWISH, LEAKY_RELU -> new UnaryOp(c);
            case AVG_POOL2D, MAX_POOL2D -> new PoolOp(c);
            case MEAN -> new MeanOp(c);
            case RESHAPE, IDENTITY -> new CopyOp(c);
            case TRANSPOSE -> new TransposeOp(c);
            case CONCAT -> new ConcatOp(c);
            case SOFTMAX -> new SoftmaxOp(c);
            case PAD -> new PadOp(c);
            case RESIZE -> new ResizeOp(c);
            case FULLY_CONNECTED -> new FullyConnectedOp(c);
            case MATMUL -> new MatMulOp(c);
            case GATHER -> new GatherOp(c);
            case SLICE -> new SliceOp(c);
            case CAST -> new CastOp(c);
            case QUANTIZE, DEQUANTIZE -> new QuantizeOp(c);
            case CONV2D_Q8 -> new ConvQ8Op(c);
            case FULLY_CONNECTED_Q8 -> new FullyConnectedQ8Op(c);
            case ADD_Q8, SUB_Q8, MUL_Q8 -> new BinaryQ8Op(c);
            case AVG_POOL2D_Q8, MAX_POOL2D_Q8 -> new PoolQ8Op(c);
            case MEAN_Q8 -> new MeanQ8Op(c);
            case SOFTMAX_Q8 -> new SoftmaxQ8Op(c);
            case SIGMOID_Q8, HARD_SWISH_Q8, CLIP_Q8, REQUANTIZE -> new LookupQ8Op(c);
            case RESIZE_Q8 -> new ResizeQ8Op(c);
            case PAD_Q8 -> new PadQ8Op(c);
        };
    }
}
