package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import dev.mnc.testdata.fuzz.ByteMutators;
import dev.mnc.testdata.fuzz.FuzzCampaign;
import dev.mnc.testdata.fuzz.NpyMutators;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes {@link Npy#read(Path)} with damaged {@code .npy} files: float32 files written by {@link
 * Npy#encode}, a version 2.0 big-endian float64 file assembled by hand, and the uint8 files NumPy
 * itself wrote for the resampler tests. Damage is byte-level and header-level ({@link NpyMutators}:
 * element type, order, shape, version, header length). Each file must read or fail with an {@link
 * MncException} whose one-line message starts with the file's path; anything else, or a case
 * running over 5 s, fails.
 *
 * <p>On demand: {@code mvn -q verify -Dmnc.fuzz.cases=10000 -pl tensor-io -am -Dtest=NpyFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class NpyFuzzTest {
    @TempDir
    Path dir;

    private static byte[] resource(String name) {
        try (InputStream in = NpyFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A version 2.0 file of big-endian float64 values, built from the format description. */
    private static byte[] bigEndianDoublesV2() {
        byte[] header = "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }          \n"
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + header.length + 6 * 8);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(header.length).put(header).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putDouble(i * 1.5 - 2);
        }
        return b.array();
    }

    @Test
    void encodedAndNumpyWrittenFiles() {
        Path file = dir.resolve("fuzz.npy");
        float[] image = new float[3 * 8 * 8];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) Math.sin(i);
        }
        FuzzCampaign.named("npy")
                .seed("image.npy", Npy.encode(new long[] {1, 3, 8, 8}, image))
                .seed("vector.npy", Npy.encode(new long[] {5}, new float[] {1, 2, 3, 4, 5}))
                .seed("scalar.npy", Npy.encode(new long[0], new float[] {7}))
                .seed("doubles-v2.npy", bigEndianDoublesV2())
                .seed("numpy-uint8.npy", resource("pil_source_13x9.npy"))
                .mutators(ByteMutators.all())
                .mutators(List.of(NpyMutators.header()))
                .target(bytes -> {
                    Files.write(file, bytes);
                    Npy.read(file);
                })
                .typedErrors(MncException.class)
                .messagesStartWith(file.toString())
                .defaultCases(2000)
                .run()
                .assertNoFailures();
    }
}
