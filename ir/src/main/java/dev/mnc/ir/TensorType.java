package dev.mnc.ir;

/**
 * The static type of a value: element type, shape and (for 4-D activations) memory layout.
 * Quantization parameters are not part of the type; they sit on the {@link Value}.
 */
public record TensorType(DType dtype, Shape shape, Layout layout) {

    public TensorType {
        if (dtype == null || shape == null || layout == null) {
            throw new NullPointerException("dtype, shape and layout are required");
        }
        if (layout != Layout.NONE && shape.rank() != 4) {
            throw new MncException("layout " + layout.text() + " needs a rank-4 shape, got " + shape);
        }
    }

    public static TensorType of(DType dtype, Shape shape) {
        return new TensorType(dtype, shape, Layout.NONE);
    }

    public static TensorType f32(long... dims) {
        return new TensorType(DType.F32, Shape.of(dims), Layout.NONE);
    }

    public TensorType withShape(Shape s) {
        return new TensorType(dtype, s, s.rank() == 4 ? layout : Layout.NONE);
    }

    public TensorType withDType(DType d) {
        return new TensorType(d, shape, layout);
    }

    public TensorType withLayout(Layout l) {
        return new TensorType(dtype, shape, l);
    }

    public int rank() {
        return shape.rank();
    }

    /** {@code f32[1,3,224,224]} plus {@code  nchw} when a layout is set. */
    @Override
    public String toString() {
        return dtype.text() + shape + (layout == Layout.NONE ? "" : " " + layout.text());
    }
}
