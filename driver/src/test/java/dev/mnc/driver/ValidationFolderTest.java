package dev.mnc.driver;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnc.frontend.onnx.ImportOptions;
import dev.mnc.tensorio.Preprocessing;
import dev.mnc.tensorio.Preprocessor;
import dev.mnc.testdata.OrtOracle;
import dev.mnc.testdata.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * On demand: every {@code .onnx} classifier in the folder named by {@code -Dmnc.validation.dir}
 * (e.g. exports of MobileNets by other tools and opsets) converted to .mnc and .tflite and checked
 * against ONNX Runtime exactly as {@link ConversionAccuracyTest} checks the shared models, on
 * ImageNet images with torchvision preprocessing (when ../shared is present) and random tensors.
 * Skipped when the property is not set.
 */
class ValidationFolderTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyModelInTheFolder() throws Exception {
        String dir = System.getProperty("mnc.validation.dir");
        assumeTrue(dir != null, "set -Dmnc.validation.dir=FOLDER to check a folder of ONNX classifiers");
        List<Path> models = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            s.filter(p -> p.toString().endsWith(".onnx")).sorted().forEach(models::add);
        }
        return models.stream().map(m -> DynamicTest.dynamicTest(m.getFileName().toString(), () -> {
            long[] shape;
            try (OrtOracle ort = OrtOracle.load(m)) {
                shape = ort.inputs().get(0).shape().clone();
            }
            shape[0] = 1;
            int h = (int) shape[2];
            int w = (int) shape[3];
            List<float[]> inputs = new ArrayList<>();
            if (SharedData.dir().isPresent()) {
                Preprocessor pre = new Preprocessor(Preprocessing.torchvision(), h, w, true);
                for (SharedData.ImageEntry e : SharedData.imagenet200().subList(0, 3)) {
                    inputs.add(pre.apply(e.file()).floats());
                }
            }
            inputs.add(ConversionAccuracyTest.random(3 * h * w, 7));
            Path work = Files.createTempDirectory(tmp, "m");
            new AccuracyCheck(work).check(m, ImportOptions.defaults(), shape, inputs, true);
        }));
    }
}
