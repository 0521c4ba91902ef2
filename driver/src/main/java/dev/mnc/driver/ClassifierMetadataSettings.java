package dev.mnc.driver;

import dev.mnc.backend.tflite.ClassifierMetadata;
import dev.mnc.ir.MncException;
import dev.mnc.tensorio.Preprocessing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code .tflite} classifier's TFLite Support metadata says (see {@link ClassifierMetadata}):
 * the input normalization of the user's preprocessing and, optionally, a labels file.
 *
 * <p>mnc's preprocessing computes {@code (pixel * scale - mean) / std}; the metadata's
 * NormalizationOptions compute {@code (pixel - mean') / std'} on the same 0..255 pixels, so
 * {@code mean' = mean / scale} and {@code std' = std / scale} (torchvision's ImageNet values become
 * 123.675, 116.28, 103.53 and 58.395, 57.12, 57.375).
 *
 * @param preprocessing the normalization the model was trained with (resize and crop do not go in:
 *     the Task Library resizes images to the input's size itself)
 * @param labels a text file with one class name per line in output order, or null
 */
public record ClassifierMetadataSettings(Preprocessing preprocessing, Path labels) {
    public ClassifierMetadataSettings {
        if (preprocessing == null) {
            throw new MncException("classifier metadata needs the input normalization: give --preprocess, or --scale,"
                    + " --mean and --std");
        }
        if (preprocessing.bgr()) {
            throw new MncException("classifier metadata describes RGB inputs (TFLite's Task Library feeds RGB); a model"
                    + " fed BGR (--bgr) cannot carry it");
        }
    }

    /** The metadata for a model converted from {@code source}. */
    ClassifierMetadata metadata(Path source) {
        float[] mean = preprocessing.mean();
        float[] std = preprocessing.std();
        double scale = preprocessing.scale();
        for (int c = 0; c < mean.length; c++) {
            mean[c] = (float) (mean[c] / scale);
            std[c] = (float) (std[c] / scale);
        }
        String file = source.getFileName().toString();
        String name = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        return new ClassifierMetadata(name, "image classifier converted from " + file + " by mnc", mean, std,
                labels == null ? List.of() : readLabels(labels));
    }

    /**
     * One label per line (UTF-8, any line ending, a byte-order mark dropped); a last empty line is
     * the file's end, not a class.
     */
    static List<String> readLabels(Path file) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new MncException(file + ": labels file not found");
        } catch (IOException e) {
            throw new MncException(file + ": cannot read the labels file (" + e.getMessage() + ")");
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new MncException(file + ": the labels file is empty; give one class name per line");
        }
        return lines;
    }
}
