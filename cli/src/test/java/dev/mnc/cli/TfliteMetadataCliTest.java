package dev.mnc.cli;

import static dev.mnc.cli.CliRunner.assertFailsCleanly;
import static dev.mnc.cli.CliRunner.mnc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.mnc.testdata.PaddleModels;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.support.metadata.MetadataExtractor;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptions;

/**
 * {@code mnc convert --tflite-metadata / --labels}: what TFLite Support's own reader finds in the
 * file, and the mistakes a user can make.
 */
class TfliteMetadataCliTest {
    @TempDir
    static Path dir;

    static Path classifier;
    static Path labels;

    @BeforeAll
    static void models() throws Exception {
        classifier = PaddleModels.CLASSIFIER.extractTo(dir);
        labels = dir.resolve("directions.txt");
        Files.writeString(labels, "0\n180\n");
    }

    @Test
    void normalizationAndLabelsReachTheTaskLibrarysReader() throws Exception {
        Path out = dir.resolve("cls.tflite");
        // PaddleOCR's own preprocessing: pixel / 127.5 - 1, i.e. (pixel - 127.5) / 127.5.
        CliRunner.Result r = mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape",
                "x:1,3,48,192", "--scale", "0.00784314", "--mean", "1,1,1", "--labels", labels.toString());
        assertThat(r.code()).as(r.err()).isZero();
        MetadataExtractor x = new MetadataExtractor(ByteBuffer.wrap(Files.readAllBytes(out)));
        assertThat(x.getModelMetadata().name()).isEqualTo(classifier.getFileName().toString().replace(".onnx", ""));
        NormalizationOptions norm = (NormalizationOptions) x.getInputTensorMetadata(0).processUnits(0)
                .options(new NormalizationOptions());
        for (int c = 0; c < 3; c++) {
            assertThat(norm.mean(c)).isCloseTo(127.5f, offset(0.01f));
            assertThat(norm.std(c)).isCloseTo(127.5f, offset(0.01f));
        }
        try (InputStream in = x.getAssociatedFile("labels.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0\n180\n");
        }
        // inspect still reads the file, labels appended and all.
        CliRunner.Result i = mnc("inspect", out.toString(), "--json");
        assertThat(i.code()).as(i.err()).isZero();
        assertThat(i.out()).contains("\"parameters\"").contains("labels.txt (2 lines)");
        assertThat(mnc("inspect", out.toString()).out()).containsPattern("meta: +ch_ppocr\\S*; input \\(pixel - \\[127\\.");
    }

    @Test
    void torchvisionNormalizationIsConvertedToPixelUnits() throws Exception {
        Path out = dir.resolve("tv.tflite");
        CliRunner.Result r = mnc("convert", classifier.toString(), "-o", out.toString(), "--input-shape",
                "x:1,3,48,192", "--preprocess", "torchvision", "--tflite-metadata");
        assertThat(r.code()).as(r.err()).isZero();
        MetadataExtractor x = new MetadataExtractor(ByteBuffer.wrap(Files.readAllBytes(out)));
        NormalizationOptions norm = (NormalizationOptions) x.getInputTensorMetadata(0).processUnits(0)
                .options(new NormalizationOptions());
        // ImageNet mean 0.485 and std 0.229 of 0..1 values are 123.675 and 58.395 of 0..255 pixels.
        assertThat(norm.mean(0)).isCloseTo(123.675f, offset(0.001f));
        assertThat(norm.std(0)).isCloseTo(58.395f, offset(0.001f));
        assertThat(x.getOutputTensorMetadata(0).associatedFilesLength()).isZero();
        // The extension is read as the converter reads it, in any case.
        Path upper = dir.resolve("TV.TFLITE");
        CliRunner.Result u = mnc("convert", classifier.toString(), "-o", upper.toString(), "--input-shape",
                "x:1,3,48,192", "--preprocess", "torchvision", "--tflite-metadata");
        assertThat(u.code()).as(u.err()).isZero();
        assertThat(new MetadataExtractor(ByteBuffer.wrap(Files.readAllBytes(upper))).hasMetadata()).isTrue();
    }

    @Test
    void mistakesAreUsageErrorsOrNameTheProblem() throws Exception {
        Path out = dir.resolve("bad.tflite");
        String cls = classifier.toString();
        String[] shape = {"--input-shape", "x:1,3,48,192"};
        // No normalization to describe, BGR, a .mnc output: usage errors, nothing written.
        assertThat(mnc("convert", cls, "-o", out.toString(), shape[0], shape[1], "--tflite-metadata").code()).isEqualTo(2);
        assertThat(mnc("convert", cls, "-o", out.toString(), shape[0], shape[1], "--preprocess", "tf", "--bgr",
                "--labels", labels.toString()).err()).contains("RGB");
        CliRunner.Result mnc = mnc("convert", cls, "-o", dir.resolve("bad.mnc").toString(), shape[0], shape[1],
                "--preprocess", "tf", "--labels", labels.toString());
        assertThat(mnc.code()).isEqualTo(2);
        assertThat(mnc.err()).contains(".tflite");
        assertThat(out).doesNotExist();
        // A labels file that is missing or names the wrong number of classes.
        assertFailsCleanly(mnc("convert", cls, "-o", out.toString(), shape[0], shape[1], "--preprocess", "tf",
                "--labels", dir.resolve("missing.txt").toString()), "labels file not found", out);
        Path three = dir.resolve("three.txt");
        Files.writeString(three, "a\nb\nc\n");
        assertFailsCleanly(mnc("convert", cls, "-o", out.toString(), shape[0], shape[1], "--preprocess", "tf",
                "--labels", three.toString()), "the labels name 3 classes", out);
        // Integer model I/O: refused before calibration (no calibration folder is even read).
        assertFailsCleanly(mnc("convert", cls, "-o", out.toString(), shape[0], shape[1], "--preprocess", "tf",
                "--tflite-metadata", "--quantize", "int8", "--io-type", "uint8", "--calibration-data",
                dir.toString()), "--io-type uint8", out);
        // A model whose input is not an NHWC image.
        assertFailsCleanly(mnc("convert", cls, "-o", out.toString(), shape[0], shape[1], "--preprocess", "tf",
                "--tflite-metadata", "--io-layout", "nchw"), "NHWC RGB image", out);
    }
}
