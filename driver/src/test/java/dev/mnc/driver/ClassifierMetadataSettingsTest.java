package dev.mnc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.mnc.backend.tflite.ClassifierMetadata;
import dev.mnc.ir.MncException;
import dev.mnc.tensorio.Preprocessing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From the user's preprocessing flags and labels file to the metadata a .tflite carries. */
class ClassifierMetadataSettingsTest {
    @TempDir
    Path dir;

    @Test
    void labelsFilesFromAnyEditorReadTheSame() throws Exception {
        Path unix = dir.resolve("unix.txt");
        Files.writeString(unix, "tench\ngoldfish\n");
        Path windows = dir.resolve("windows.txt");
        Files.write(windows, "\uFEFFtench\r\ngoldfish\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        Path noFinalNewline = dir.resolve("last.txt");
        Files.writeString(noFinalNewline, "tench\ngoldfish");
        for (Path p : new Path[] {unix, windows, noFinalNewline}) {
            assertThat(ClassifierMetadataSettings.readLabels(p)).as(p.toString()).containsExactly("tench", "goldfish");
        }
        Path blankInside = dir.resolve("blank.txt");
        Files.writeString(blankInside, "background\n\ncat\n");
        assertThat(ClassifierMetadataSettings.readLabels(blankInside)).containsExactly("background", "", "cat");
    }

    @Test
    void emptyOrMissingLabelsFilesAreNamed() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        assertThatThrownBy(() -> ClassifierMetadataSettings.readLabels(empty)).isInstanceOf(MncException.class)
                .hasMessageContaining("empty.txt").hasMessageContaining("empty");
        assertThatThrownBy(() -> ClassifierMetadataSettings.readLabels(dir.resolve("nope.txt")))
                .isInstanceOf(MncException.class).hasMessageContaining("nope.txt: labels file not found");
    }

    @Test
    void normalizationIsRestatedInPixelUnits() {
        // tf: x / 127.5 - 1 = (pixel - 127.5) / 127.5.
        ClassifierMetadata m = new ClassifierMetadataSettings(Preprocessing.tf(), null).metadata(Path.of("m.onnx"));
        assertThat(m.name()).isEqualTo("m");
        for (int c = 0; c < 3; c++) {
            assertThat(m.mean()[c]).isCloseTo(127.5f, offset(1e-3f));
            assertThat(m.std()[c]).isCloseTo(127.5f, offset(1e-3f));
        }
        assertThat(m.labels()).isEmpty();
    }

    @Test
    void bgrOrMissingNormalizationIsRefused() {
        assertThatThrownBy(() -> new ClassifierMetadataSettings(null, null)).isInstanceOf(MncException.class)
                .hasMessageContaining("--preprocess");
        Preprocessing t = Preprocessing.tf();
        Preprocessing bgr = new Preprocessing(t.resize(), t.resizeSize(), t.resizeHeight(), t.resizeWidth(), t.crop(),
                t.filter(), t.scale(), t.mean(), t.std(), true);
        assertThatThrownBy(() -> new ClassifierMetadataSettings(bgr, null)).isInstanceOf(MncException.class)
                .hasMessageContaining("RGB");
    }
}
