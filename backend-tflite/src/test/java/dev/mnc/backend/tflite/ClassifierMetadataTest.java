package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.frontend.onnx.OnnxImporter;
import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import dev.mnc.passes.BuiltinPasses;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PipelineOptions;
import dev.mnc.passes.Target;
import dev.mnc.testdata.PaddleModels;
import dev.mnc.testdata.TfliteOracle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.support.metadata.MetadataExtractor;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ColorSpaceType;
import org.tensorflow.lite.support.metadata.schema.ContentProperties;
import org.tensorflow.lite.support.metadata.schema.ImageProperties;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.TensorMetadata;

/**
 * Classifier metadata read back by TFLite Support's own {@code MetadataExtractor} (the reader
 * TFLite's Task Library uses), and the model with it still run by the TFLite interpreter with the
 * same results as without it.
 */
class ClassifierMetadataTest {
    private static final ClassifierMetadata CLS = new ClassifierMetadata("ppocr-cls", "text direction",
            new float[] {127.5f, 127.5f, 127.5f}, new float[] {127.5f, 127.5f, 127.5f}, List.of("0", "180"));

    private static Graph paddleClassifier() {
        Graph g = OnnxImporter.importModel(PaddleModels.CLASSIFIER.bytes(), "cls.onnx", null,
                ImportOptions.defaults().withInputShape("x", 1, 3, 48, 192));
        BuiltinPasses.defaultPipeline(Target.TFLITE, PipelineOptions.defaults()).run(g, PassContext.defaults());
        return g;
    }

    @Test
    void theTfliteSupportReaderFindsNormalizationAndLabels() throws IOException {
        byte[] model = TfliteWriter.write(paddleClassifier(), TfliteOptions.defaults().withClassifierMetadata(CLS));
        MetadataExtractor x = new MetadataExtractor(ByteBuffer.wrap(model));
        assertThat(x.hasMetadata()).isTrue();
        assertThat(x.isMinimumParserVersionSatisfied()).isTrue();
        ModelMetadata m = x.getModelMetadata();
        assertThat(m.name()).isEqualTo("ppocr-cls");
        assertThat(m.description()).isEqualTo("text direction");
        assertThat(x.getInputTensorShape(0)).containsExactly(1, 48, 192, 3);

        TensorMetadata in = x.getInputTensorMetadata(0);
        assertThat(in.content().contentPropertiesType()).isEqualTo(ContentProperties.ImageProperties);
        ImageProperties image = (ImageProperties) in.content().contentProperties(new ImageProperties());
        assertThat(image.colorSpace()).isEqualTo(ColorSpaceType.RGB);
        assertThat(in.processUnitsLength()).isEqualTo(1);
        assertThat(in.processUnits(0).optionsType()).isEqualTo(ProcessUnitOptions.NormalizationOptions);
        NormalizationOptions norm = (NormalizationOptions) in.processUnits(0).options(new NormalizationOptions());
        assertThat(norm.meanLength()).isEqualTo(3);
        assertThat(norm.mean(0)).isEqualTo(127.5f);
        assertThat(norm.std(2)).isEqualTo(127.5f);

        TensorMetadata out = x.getOutputTensorMetadata(0);
        assertThat(out.associatedFilesLength()).isEqualTo(1);
        assertThat(out.associatedFiles(0).name()).isEqualTo(ClassifierMetadata.LABELS_FILE);
        assertThat(out.associatedFiles(0).type()).isEqualTo(AssociatedFileType.TENSOR_AXIS_LABELS);
        assertThat(x.getAssociatedFileNames()).containsExactly(ClassifierMetadata.LABELS_FILE);
        try (InputStream labels = x.getAssociatedFile(ClassifierMetadata.LABELS_FILE)) {
            assertThat(new String(labels.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0\n180\n");
        }
    }

    @Test
    void describeSaysWhatTheExtractorReads() {
        Graph g = paddleClassifier();
        assertThat(ClassifierMetadata.describe(TfliteWriter.write(g, TfliteOptions.defaults()))).isEmpty();
        assertThat(ClassifierMetadata.describe(TfliteWriter.write(g, TfliteOptions.defaults().withClassifierMetadata(CLS))))
                .contains("ppocr-cls; input (pixel - [127.5, 127.5, 127.5]) / [127.5, 127.5, 127.5]; labels.txt (2 lines)");
        // More than 8 KB of labels: the extractor's stream needs a plain read loop.
        List<String> many = java.util.stream.IntStream.range(0, 2).mapToObj(i -> "x".repeat(6000) + i).toList();
        ClassifierMetadata big = new ClassifierMetadata("big", "d", new float[] {0}, new float[] {1}, many);
        assertThat(ClassifierMetadata.describe(TfliteWriter.write(g, TfliteOptions.defaults().withClassifierMetadata(big))))
                .contains("big; input (pixel - [0.0]) / [1.0]; labels.txt (2 lines)");
    }

    @Test
    void theFileIsAlsoAZipThatJavaReads() throws IOException {
        byte[] model = TfliteWriter.write(paddleClassifier(), TfliteOptions.defaults().withClassifierMetadata(CLS));
        Path f = Files.createTempFile("cls", ".tflite");
        try {
            Files.write(f, model);
            try (ZipFile zip = new ZipFile(f.toFile())) {
                ZipEntry e = zip.getEntry(ClassifierMetadata.LABELS_FILE);
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(zip.getInputStream(e).readAllBytes()).isEqualTo("0\n180\n".getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void theInterpreterRunsItAsTheModelWithoutMetadata() {
        Graph g = paddleClassifier();
        byte[] plain = TfliteWriter.write(g, TfliteOptions.defaults());
        byte[] tagged = TfliteWriter.write(g, TfliteOptions.defaults().withClassifierMetadata(CLS));
        assertThat(tagged.length).isGreaterThan(plain.length);
        float[] x = new float[48 * 192 * 3];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] a = TfliteOracle.run(plain, (Object) x).get(0).floats();
        float[] b = TfliteOracle.run(tagged, (Object) x).get(0).floats();
        assertThat(b).containsExactly(a);
    }

    @Test
    void aModelTheMetadataWouldMisdescribeIsRefused() {
        Graph g = paddleClassifier();
        ClassifierMetadata threeLabels = new ClassifierMetadata("m", "d", new float[] {0}, new float[] {1},
                List.of("a", "b", "c"));
        assertThatThrownBy(() -> TfliteWriter.write(g, TfliteOptions.defaults().withClassifierMetadata(threeLabels)))
                .isInstanceOf(MncException.class).hasMessageContaining("3 classes").hasMessageContaining("has 2");
        Graph nchw = IrParser.parse("""
                graph @g(%x: f32[1,3,8,8] nchw) {
                  %y = relu(%x)
                  return %y
                }
                """);
        assertThatThrownBy(() -> TfliteWriter.write(nchw, TfliteOptions.defaults().withClassifierMetadata(CLS)))
                .isInstanceOf(MncException.class).hasMessageContaining("NHWC RGB image");
    }

    @Test
    void badNormalizationIsRefused() {
        assertThatThrownBy(() -> new ClassifierMetadata("m", "d", new float[] {1, 2}, new float[] {1, 2}, List.of()))
                .isInstanceOf(MncException.class).hasMessageContaining("1 or 3 mean values");
        assertThatThrownBy(() -> new ClassifierMetadata("m", "d", new float[] {1}, new float[] {0}, List.of()))
                .isInstanceOf(MncException.class).hasMessageContaining("non-zero");
    }
}
