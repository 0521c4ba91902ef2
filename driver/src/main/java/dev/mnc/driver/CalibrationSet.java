package dev.mnc.driver;

import dev.mnc.ir.DType;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.Value;
import dev.mnc.passes.CalibrationData;
import dev.mnc.runtime.TensorInfo;
import dev.mnc.tensorio.InputFolder;
import dev.mnc.tensorio.Preprocessing;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A folder of calibration inputs (images, or {@code .npy} tensors in the ONNX model's own shape)
 * as {@link CalibrationData} for a graph's single input. Files are read, preprocessed exactly as
 * {@code mnc run} does (see {@link InputLoader}) and laid out as the graph's input when a sample is
 * asked for, so a folder of thousands of images never sits in memory at once.
 */
public final class CalibrationSet {
    private CalibrationSet() {}

    /**
     * Lists {@code dir} now (an empty or missing folder fails here, before any slow work) and
     * reads its files on demand for {@code g}'s input.
     *
     * @param preprocessing how images become tensors; null when the folder must hold only .npy files
     */
    public static CalibrationData of(Path dir, Graph g, Preprocessing preprocessing) {
        List<InputFolder.Entry> entries = list(dir, preprocessing);
        if (g.inputs().size() != 1) {
            throw new MncException(dir + ": calibration feeds single-input models, and graph '" + g.name() + "' has "
                    + g.inputs().size() + " inputs");
        }
        Value x = g.inputs().get(0);
        if (x.dtype() != DType.F32 || !x.shape().isStatic()) {
            throw new MncException("input '" + x.name() + "' is " + x.type() + "; calibration needs a float input of "
                    + "static shape (bind dynamic dims with --input-shape)");
        }
        int[] shape = x.shape().toIntArray();
        InputLoader loader = new InputLoader(new TensorInfo(x.name(), dev.mnc.runtime.DType.F32, shape, 0f, 0),
                preprocessing == null ? Preprocessing.none() : preprocessing);
        return CalibrationData.lazy(entries.size(), i -> {
            TensorData t = loader.read(entries.get(i));
            if (t.dtype() != DType.F32) {
                t = TensorData.ofFloats(t.shape(), t.toFloats());
            }
            return Map.of(x.name(), t);
        });
    }

    /** The folder's inputs, checked: not empty, and images only with a way to preprocess them. */
    public static List<InputFolder.Entry> list(Path dir, Preprocessing preprocessing) {
        List<InputFolder.Entry> entries;
        try {
            entries = InputFolder.list(dir);
        } catch (MncException e) {
            throw new MncException("calibration data " + e.getMessage(), e);
        }
        if (preprocessing == null && entries.stream().anyMatch(e -> !e.isNpy())) {
            throw new MncException(dir + ": the calibration data holds images; say how to preprocess them with "
                    + "--preprocess torchvision|tf|none (or explicit --resize/--mean/--std)");
        }
        return entries;
    }
}
