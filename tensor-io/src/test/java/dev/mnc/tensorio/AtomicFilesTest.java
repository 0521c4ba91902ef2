package dev.mnc.tensorio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void replacesWholeAndLeavesNoTempFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.bin");
        Files.write(out, new byte[] {9, 9, 9, 9, 9});
        AtomicFiles.write(out, new byte[] {1, 2});
        assertThat(Files.readAllBytes(out)).containsExactly(1, 2);
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(out);
        }
    }

    @Test
    void newFilesAreWorldReadableAndReplacementsKeepTheirPermissions(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.bin");
        AtomicFiles.write(out, new byte[] {1});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(out, new byte[] {2});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-rw----");
    }

    @Test
    void missingFolderIsAnErrorAndNothingIsCreated(@TempDir Path dir) {
        Path out = dir.resolve("no/such/folder/m.bin");
        assertThatThrownBy(() -> AtomicFiles.write(out, new byte[] {1}))
                .isInstanceOf(MncException.class).hasMessageContaining("does not exist");
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void outputThatIsTheInputIsRefused(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("model.onnx");
        Files.write(in, new byte[] {1});
        Files.createSymbolicLink(dir.resolve("link.onnx"), in);
        assertThatThrownBy(() -> AtomicFiles.requireDistinct(dir.resolve("./model.onnx"), in))
                .hasMessageContaining("would overwrite the input");
        assertThatThrownBy(() -> AtomicFiles.requireDistinct(dir.resolve("link.onnx"), in))
                .hasMessageContaining("would overwrite the input");
        AtomicFiles.requireDistinct(dir.resolve("model.mnc"), in);
    }
}
