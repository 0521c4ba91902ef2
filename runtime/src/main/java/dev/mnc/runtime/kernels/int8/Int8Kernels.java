package dev.mnc.runtime.kernels.int8;

import dev.mnc.runtime.kernels.ConvGeometry;
import java.lang.System.Logger.Level;

/**
 * The hot loops of the int8 kernels, in two implementations chosen once per JVM: plain Java shaped
 * for C2's auto-vectorizer ({@link ScalarInt8Kernels}), and one written with the incubating Vector
 * API ({@code VectorInt8Kernels}, compiled from its own source folder and created by name here, so
 * that nothing else links it). Both compute exactly the same integers; the choice changes speed only.
 *
 * <p>{@link #get()} picks the vector implementation when the JVM can run it well (the
 * {@code jdk.incubator.vector} module is present, which takes {@code --add-modules
 * jdk.incubator.vector}, and the CPU has 256-bit vectors), else the scalar one, logging one line
 * that says which and why. {@code -Dmnc.kernels=scalar} or {@code vector} forces the choice (a
 * forced vector choice that cannot run falls back to scalar with a warning).
 */
public abstract class Int8Kernels {
    /** System property that forces an implementation: {@code scalar} or {@code vector}. */
    public static final String PROPERTY = "mnc.kernels";

    Int8Kernels() {}

    /** The implementation this JVM uses. */
    public static Int8Kernels get() {
        return Holder.INSTANCE;
    }

    /** The scalar implementation, always available (for tests that compare the two). */
    public static Int8Kernels scalar() {
        return ScalarInt8Kernels.INSTANCE;
    }

    /** The vector implementation, or null with the reason logged when this JVM cannot run it. */
    public static Int8Kernels vector() {
        return Holder.vector();
    }

    /** {@code scalar} or {@code vector}. */
    public abstract String name();

    /** Whether {@link #gemm} prefers the C^T schedule of {@link GemmQ8#runTransposed} for this product. */
    public abstract boolean transposes(int m, int k, int n);

    /**
     * Rows [m0, m1) of C = requantize(bias + (A + inputOffset) B) for every column of B: A at
     * {@code aOff + m * lda}, C at {@code cOff + m * ldc}; {@code channel0} is the output channel of
     * column 0; the bias (or null) is read at {@code biasOff + j}.
     */
    public abstract void gemm(ConvParams p, byte[] a, int aOff, int lda, GemmQ8.Packed b, int[] bias, int biasOff,
            byte[] c, int cOff, int ldc, int channel0, int m0, int m1, GemmQ8.Scratch s);

    /**
     * Output rows [r0, r1) (counted over batch and height) of a depthwise convolution with channel
     * multiplier 1 whose weights and scratch were made for this implementation
     * ({@link DepthwiseRowsQ8.Weights#of}, {@link DepthwiseRowsQ8.Scratch}).
     */
    public abstract void depthwise(ConvGeometry g, ConvParams p, byte[] x, int xOff, DepthwiseRowsQ8.Weights w,
            byte[] y, int yOff, int r0, int r1, DepthwiseRowsQ8.Scratch s);

    /** Whether {@link #depthwise} reads the weights replicated along an output row ({@link DepthwiseRowsQ8#run}). */
    public abstract boolean replicatesDepthwise();

    /**
     * y[i] = clamp(round(x[i] / scale) + zp, lo, hi) for i in [0, n), rounding half away from zero:
     * {@link dev.mnc.runtime.kernels.Quantization#perTensorToBytes}, a float input's QUANTIZE.
     */
    public abstract void quantize(float[] x, int xo, byte[] y, int yo, float scale, int zp, int lo, int hi, int n);

    /** One row of int8 add, sub or mul ({@link ElementwiseQ8#row}). */
    public abstract void elementwise(ElementwiseQ8.Params p, byte[] a, int ao, int aStep, byte[] b, int bo, int bStep,
            byte[] y, int yo, int n);

    @Override
    public String toString() {
        return name();
    }

    /** Holder idiom: the lookup runs once, on first use. */
    private static final class Holder {
        private static final System.Logger LOG = System.getLogger(Int8Kernels.class.getName());
        private static final String VECTOR_CLASS = "dev.mnc.runtime.kernels.int8.VectorInt8Kernels";
        static final Int8Kernels INSTANCE = lookup();

        private static Int8Kernels lookup() {
            String forced = System.getProperty(PROPERTY, "");
            if (forced.equals("scalar")) {
                LOG.log(Level.DEBUG, "int8 kernels: scalar (-D" + PROPERTY + "=scalar)");
                return ScalarInt8Kernels.INSTANCE;
            }
            if (!forced.isEmpty() && !forced.equals("vector")) {
                LOG.log(Level.WARNING, "-D" + PROPERTY + "=" + forced + " is neither scalar nor vector; choosing"
                        + " automatically");
            }
            Int8Kernels v = vector();
            if (v == null) {
                return ScalarInt8Kernels.INSTANCE;
            }
            LOG.log(Level.DEBUG, "int8 kernels: vector (jdk.incubator.vector)");
            return v;
        }

        static Int8Kernels vector() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                LOG.log(Level.INFO, "int8 kernels: scalar; run java with --add-modules jdk.incubator.vector for the"
                        + " faster vector kernels");
                return null;
            }
            try {
                return (Int8Kernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                LOG.log(Level.WARNING, "int8 kernels: scalar; the vector kernels cannot run here: " + cause.getMessage());
                return null;
            }
        }
    }
}
