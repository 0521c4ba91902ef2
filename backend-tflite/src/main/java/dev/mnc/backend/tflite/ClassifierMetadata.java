package dev.mnc.backend.tflite;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tensorflow.lite.support.metadata.MetadataExtractor;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileT;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ColorSpaceType;
import org.tensorflow.lite.support.metadata.schema.ContentProperties;
import org.tensorflow.lite.support.metadata.schema.ContentPropertiesUnion;
import org.tensorflow.lite.support.metadata.schema.ContentT;
import org.tensorflow.lite.support.metadata.schema.FeaturePropertiesT;
import org.tensorflow.lite.support.metadata.schema.ImagePropertiesT;
import org.tensorflow.lite.support.metadata.schema.ModelMetadataT;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptions;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptionsT;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptionsUnion;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitT;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadataT;
import org.tensorflow.lite.support.metadata.schema.TensorMetadata;
import org.tensorflow.lite.support.metadata.schema.TensorMetadataT;

/**
 * TFLite Support metadata for an image classifier: what TFLite's Task Library
 * ({@code ImageClassifier}) and Android Studio's model binding read to feed a model without code
 * of the app's own. The input is an RGB image whose float values are
 * {@code (pixel - mean[c]) / std[c]} with pixels in 0..255 (NormalizationOptions); the output is a
 * score per class, named by the labels file (one label per line, stored as
 * {@code TENSOR_AXIS_LABELS}).
 *
 * <p>Stored as TFLite stores it: the {@code ModelMetadata} flatbuffer (file identifier
 * {@code M001}) in the model's {@value #METADATA_NAME} metadata buffer, and the labels file in an
 * uncompressed zip appended to the model ({@link AssociatedFiles}).
 *
 * @param name model name
 * @param description one line on what the model does
 * @param mean per-channel mean in pixel units (1 or 3 values)
 * @param std per-channel standard deviation in pixel units (as many as {@code mean}, non-zero)
 * @param labels the class names in output order, or empty for no labels file
 */
public record ClassifierMetadata(String name, String description, float[] mean, float[] std, List<String> labels) {
    /** The metadata buffer name TFLite's tools look for. */
    public static final String METADATA_NAME = "TFLITE_METADATA";
    /** The labels file's name inside the model. */
    public static final String LABELS_FILE = "labels.txt";
    /** The metadata schema version whose features this uses (the oldest that reads them). */
    static final String MIN_PARSER_VERSION = "1.0.0";

    public ClassifierMetadata {
        if (mean.length != std.length || mean.length != 1 && mean.length != 3) {
            throw new MncException("classifier metadata needs 1 or 3 mean values and as many std values, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s != 0) || !Float.isFinite(s)) {
                throw new MncException("classifier metadata std values must be finite and non-zero, got "
                        + Arrays.toString(std));
            }
        }
        for (String label : labels) {
            if (label.contains("\n") || label.contains("\r")) {
                throw new MncException("a label holds a line break: '" + label + "'");
            }
        }
        mean = mean.clone();
        std = std.clone();
        labels = List.copyOf(labels);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * Fails unless the labels (when there are any) name as many classes as {@code output}'s last
     * dimension holds; callers check before slow steps, and the writer checks again.
     */
    public void checkClasses(Value output) {
        long classes = output.shape().rank() == 0 ? 1 : output.shape().size(output.shape().rank() - 1);
        if (!labels.isEmpty() && classes != labels.size()) {
            throw new MncException("the labels name " + labels.size() + " classes and output '" + output.name() + "' "
                    + output.shape() + " has " + classes + "; give one label per line, one per class");
        }
    }

    /**
     * One line on the TFLite Support metadata in {@code model} (a .tflite file's bytes), as TFLite
     * Support's own {@code MetadataExtractor} reads it: the model name, the input normalization and
     * the packed files with their line counts; empty when the model has none.
     */
    public static Optional<String> describe(byte[] model) {
        try {
            MetadataExtractor x = new MetadataExtractor(ByteBuffer.wrap(model));
            if (!x.hasMetadata()) {
                return Optional.empty();
            }
            StringBuilder sb = new StringBuilder(String.valueOf(x.getModelMetadata().name()));
            if (x.getInputTensorCount() > 0 && x.getInputTensorMetadata(0) != null) {
                TensorMetadata in = x.getInputTensorMetadata(0);
                for (int i = 0; i < in.processUnitsLength(); i++) {
                    if (in.processUnits(i).optionsType() == ProcessUnitOptions.NormalizationOptions) {
                        NormalizationOptions n = (NormalizationOptions) in.processUnits(i)
                                .options(new NormalizationOptions());
                        float[] mean = new float[n.meanLength()];
                        float[] std = new float[n.stdLength()];
                        for (int c = 0; c < mean.length; c++) {
                            mean[c] = n.mean(c);
                        }
                        for (int c = 0; c < std.length; c++) {
                            std[c] = n.std(c);
                        }
                        sb.append("; input (pixel - ").append(Arrays.toString(mean)).append(") / ")
                                .append(Arrays.toString(std));
                    }
                }
            }
            if (x.getOutputTensorCount() > 0 && x.getOutputTensorMetadata(0) != null
                    && x.getOutputTensorMetadata(0).associatedFilesLength() > 0) {
                for (String f : new java.util.TreeSet<>(x.getAssociatedFileNames())) {
                    try (InputStream in = x.getAssociatedFile(f)) {
                        long lines = new String(readAll(in), StandardCharsets.UTF_8).lines().count();
                        sb.append("; ").append(f).append(" (").append(lines).append(" lines)");
                    }
                }
            }
            return Optional.of(sb.toString());
        } catch (IOException | RuntimeException e) {
            return Optional.of("unreadable TFLite Support metadata (" + e.getMessage() + ")");
        }
    }

    /**
     * The stream's bytes, read in a plain loop: the extractor's stream refuses the zero-length
     * read at a full buffer's end that {@link InputStream#readAllBytes} makes past 8 KB.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The {@code ModelMetadata} flatbuffer for {@value #METADATA_NAME}. */
    byte[] modelMetadata() {
        NormalizationOptionsT norm = new NormalizationOptionsT();
        norm.setMean(mean.clone());
        norm.setStd(std.clone());
        ProcessUnitOptionsUnion options = new ProcessUnitOptionsUnion();
        options.setType(ProcessUnitOptions.NormalizationOptions);
        options.setValue(norm);
        ProcessUnitT normalize = new ProcessUnitT();
        normalize.setOptions(options);

        ImagePropertiesT image = new ImagePropertiesT();
        image.setColorSpace(ColorSpaceType.RGB);
        TensorMetadataT input = new TensorMetadataT();
        input.setName("image");
        input.setDescription("RGB image; each value is (pixel - mean) / std for pixels in 0..255");
        input.setContent(content(ContentProperties.ImageProperties, image));
        input.setProcessUnits(new ProcessUnitT[] {normalize});

        TensorMetadataT output = new TensorMetadataT();
        output.setName("probability");
        output.setDescription("score of each class");
        output.setContent(content(ContentProperties.FeatureProperties, new FeaturePropertiesT()));
        if (!labels.isEmpty()) {
            AssociatedFileT file = new AssociatedFileT();
            file.setName(LABELS_FILE);
            file.setDescription("class names, one per line, in output order");
            file.setType(AssociatedFileType.TENSOR_AXIS_LABELS);
            output.setAssociatedFiles(new AssociatedFileT[] {file});
        }

        SubGraphMetadataT subgraph = new SubGraphMetadataT();
        subgraph.setInputTensorMetadata(new TensorMetadataT[] {input});
        subgraph.setOutputTensorMetadata(new TensorMetadataT[] {output});
        ModelMetadataT model = new ModelMetadataT();
        model.setName(name);
        model.setDescription(description);
        model.setSubgraphMetadata(new SubGraphMetadataT[] {subgraph});
        model.setMinParserVersion(MIN_PARSER_VERSION);
        return model.serializeToBinary();
    }

    /** The labels file's bytes: UTF-8, one label per line. */
    byte[] labelsFile() {
        return (String.join("\n", labels) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ContentT content(byte type, Object properties) {
        ContentPropertiesUnion u = new ContentPropertiesUnion();
        u.setType(type);
        u.setValue(properties);
        ContentT c = new ContentT();
        c.setContentProperties(u);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassifierMetadata m && name.equals(m.name) && description.equals(m.description)
                && Arrays.equals(mean, m.mean) && Arrays.equals(std, m.std) && labels.equals(m.labels);
    }

    @Override
    public int hashCode() {
        return ((name.hashCode() * 31 + description.hashCode()) * 31 + Arrays.hashCode(mean)) * 31
                + Arrays.hashCode(std) * 17 + labels.hashCode();
    }

    @Override
    public String toString() {
        return "ClassifierMetadata[name=" + name + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std)
                + ", labels=" + labels.size() + "]";
    }
}
