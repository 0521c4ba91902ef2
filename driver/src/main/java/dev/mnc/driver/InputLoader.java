package dev.mnc.driver;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Tensor;
import dev.mnc.runtime.TensorInfo;
import dev.mnc.runtime.kernels.Quantization;
import dev.mnc.tensorio.InputFolder;
import dev.mnc.tensorio.Npy;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import java.util.Arrays;

/**
 * Turns one input file into the tensor a model input expects.
 *
 * <p>A {@code .npy} file is used as is when its shape is the model's; an NCHW tensor (the ONNX
 * model's own layout) also feeds a model whose input is NHWC, transposed on the way, so the same
 * files feed ONNX Runtime, a {@code .mnc} and a {@code .tflite}. An image is decoded and
 * preprocessed into the model's input shape and layout. Float data feeding an int8 or uint8 input
 * is quantized with the input's scale and zero point.
 */
public final class InputLoader {
    private final TensorInfo input;
    private final Preprocessing preprocessing;

    /**
     * @param input the model input to feed
     * @param preprocessing how images become tensors (unused for .npy files)
     */
    public InputLoader(TensorInfo input, Preprocessing preprocessing) {
        this.input = input;
        this.preprocessing = preprocessing;
    }

    /** The runtime tensor for one file: {@link #read}, then quantized when the input is int8/uint8. */
    public Tensor load(InputFolder.Entry entry) {
        TensorData data = read(entry);
        try {
            return toRuntimeTensor(data);
        } catch (MncException e) {
            throw e.within(entry.path().toString());
        }
    }

    /** One file as a tensor of the input's shape and layout (float, or the file's own int type). */
    public TensorData read(InputFolder.Entry entry) {
        TensorData data;
        if (entry.isNpy()) {
            data = Npy.read(entry.path());
        } else {
            long[] shape = Arrays.stream(input.shape()).asLongStream().toArray();
            data = Preprocessor.forInputShape(preprocessing, shape, input.name()).apply(entry.path());
        }
        try {
            return fit(data);
        } catch (MncException e) {
            throw e.within(entry.path().toString());
        }
    }

    /** {@code data} in the input's shape: as is, or transposed from NCHW when the input is NHWC. */
    TensorData fit(TensorData data) {
        int[] want = input.shape();
        int[] have = data.shape().toIntArray();
        if (Arrays.equals(have, want)) {
            return data;
        }
        if (have.length == 4 && want.length == 4 && have[0] == want[0] && have[1] == want[3] && have[2] == want[1]
                && have[3] == want[2]) {
            return data.nchwToNhwcFloats();
        }
        throw new MncException("tensor of shape " + data.shape() + " does not fit input '" + input.name()
                + "' of shape " + Shape.of(want) + " (an NCHW tensor for an NHWC input is also accepted)");
    }

    private Tensor toRuntimeTensor(TensorData data) {
        int[] want = input.shape();
        return switch (input.dtype()) {
            case F32 -> Tensor.ofFloats(want, data.dtype() == dev.mnc.ir.DType.F32 ? data.floats() : data.toFloats());
            case I8, U8 -> quantized(data, want);
            default -> throw new MncException("input '" + input.name() + "' has type " + input.dtype()
                    + ", which mnc run cannot feed from files");
        };
    }

    private Tensor quantized(TensorData data, int[] shape) {
        DType t = input.dtype();
        if (data.dtype() == dev.mnc.ir.DType.I8 && t == DType.I8 || data.dtype() == dev.mnc.ir.DType.U8 && t == DType.U8) {
            return Tensor.ofBytes(t, shape, data.bytes());
        }
        if (data.dtype() != dev.mnc.ir.DType.F32) {
            throw new MncException(data.dtype() + " data cannot feed the " + t + " input '" + input.name() + "'");
        }
        // The runtime's own QUANTIZE arithmetic (TFLite's: ties away from zero), so that feeding
        // an int8 input gives the bytes a float-input model's quantize op would.
        float[] f = data.floats();
        byte[] q = new byte[f.length];
        Quantization.quantize(f, 0, t, q, 0, new float[] {input.scale()}, new int[] {input.zeroPoint()}, 1, 1,
                f.length);
        return Tensor.ofBytes(t, shape, q);
    }

    /** A model output as float32 (dequantized when quantized) with its shape, for saving as .npy. */
    public static float[] toFloats(Tensor t, TensorInfo info) {
        return switch (t.dtype()) {
            case F32 -> t.floats();
            case I8 -> {
                byte[] b = t.bytes();
                float[] f = new float[b.length];
                for (int i = 0; i < b.length; i++) {
                    f[i] = info.scale() * (b[i] - info.zeroPoint());
                }
                yield f;
            }
            case U8 -> {
                byte[] b = t.bytes();
                float[] f = new float[b.length];
                for (int i = 0; i < b.length; i++) {
                    f[i] = info.scale() * ((b[i] & 0xff) - info.zeroPoint());
                }
                yield f;
            }
            default -> throw new MncException("output '" + info.name() + "' has type " + t.dtype()
                    + ", which cannot be saved as float32");
        };
    }
}
