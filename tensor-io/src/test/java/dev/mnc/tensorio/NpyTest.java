package dev.mnc.tensorio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    /** A file assembled by hand from the format description, independent of our writer. */
    private static byte[] file(int major, String dict, ByteOrder order, Object values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) h.length);
        } else {
            len.putInt(h.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(h);
        if (values instanceof float[] f) {
            ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(order);
            for (float v : f) {
                b.putFloat(v);
            }
            out.writeBytes(b.array());
        } else if (values instanceof double[] d) {
            ByteBuffer b = ByteBuffer.allocate(d.length * 8).order(order);
            for (double v : d) {
                b.putDouble(v);
            }
            out.writeBytes(b.array());
        } else if (values instanceof byte[] raw) {
            out.writeBytes(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsVersion1Float32() {
        TensorData t = Npy.parse(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {1, 2, 3, 4, 5, -6.5f}));
        assertThat(t.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(t.floats()).containsExactly(1, 2, 3, 4, 5, -6.5f);
    }

    @Test
    void readsVersion2BigEndianAndFloat64() {
        TensorData be = Npy.parse(file(2, "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }",
                ByteOrder.BIG_ENDIAN, new float[] {0.25f, 1e-3f, 7}));
        assertThat(be.floats()).containsExactly(0.25f, 1e-3f, 7);
        TensorData f8 = Npy.parse(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
                ByteOrder.LITTLE_ENDIAN, new double[] {0.1, -2}));
        assertThat(f8.dtype()).isEqualTo(DType.F32);
        assertThat(f8.floats()).containsExactly(0.1f, -2f);
    }

    @Test
    void readsScalarsAndInt8() {
        TensorData scalar = Npy.parse(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {3}));
        assertThat(scalar.shape().rank()).isZero();
        TensorData i8 = Npy.parse(file(1, "{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }",
                ByteOrder.LITTLE_ENDIAN, new byte[] {-128, 0, 127}));
        assertThat(i8.dtype()).isEqualTo(DType.I8);
        assertThat(i8.bytes()).containsExactly(-128, 0, 127);
    }

    @Test
    void writerOutputIsReadBackAndAlignedTo64Bytes() {
        float[] data = new float[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 3;
        }
        byte[] bytes = Npy.encode(new long[] {2, 3, 4}, data);
        int headerEnd = 10 + (ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff);
        assertThat(headerEnd % 64).isZero();
        assertThat(new String(bytes, 10, headerEnd - 10, StandardCharsets.ISO_8859_1))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }").endsWith("\n");
        TensorData back = Npy.parse(bytes);
        assertThat(back.shape()).isEqualTo(Shape.of(2, 3, 4));
        assertThat(back.floats()).containsExactly(data);
        assertThat(new String(Npy.encode(new long[] {5}, new float[5]), 10, 60, StandardCharsets.ISO_8859_1))
                .contains("'shape': (5,)");
    }

    @Test
    void malformedFilesGiveClearErrors() {
        byte[] good = file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", ByteOrder.LITTLE_ENDIAN,
                new float[] {1, 2, 3, 4});
        assertThatThrownBy(() -> Npy.parse(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(MncException.class).hasMessageContaining("truncated");
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertThatThrownBy(() -> Npy.parse(magic)).hasMessageContaining("wrong magic");
        assertThatThrownBy(() -> Npy.parse(file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {1}))).hasMessageContaining("Fortran");
        assertThatThrownBy(() -> Npy.parse(file(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {1, 2}))).hasMessageContaining("unsupported .npy element type");
        assertThatThrownBy(() -> Npy.parse(file(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {1}))).isInstanceOf(MncException.class);
        assertThatThrownBy(() -> Npy.parse(file(1, "{'descr': '<f4', 'shape': (1,)}", ByteOrder.LITTLE_ENDIAN,
                new float[] {1}))).hasMessageContaining("malformed .npy header");
        assertThatThrownBy(() -> Npy.parse(new byte[3])).hasMessageContaining("not a .npy file");
    }

    /** Found by NpyFuzzTest: an element size of eleven digits escaped as a NumberFormatException. */
    @Test
    void anElementSizeTooLongForAnIntIsAnUnsupportedType() {
        assertThatThrownBy(() -> Npy.parse(file(1, "{'descr': '<f99999999999', 'fortran_order': False, 'shape': (1,), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {1}))).isExactlyInstanceOf(MncException.class)
                .hasMessageStartingWith("unsupported .npy element type 'descr': '<f99999999999'");
    }

    /** Found by NpyFuzzTest: a header that no longer parses was quoted whole, line breaks and binary bytes included. */
    @Test
    void aGarbledHeaderIsQuotedOnOneShortLine() {
        String dict = "{'decr': '<f4', 'fortran_order': False, 'shape': (), }\n\u0001\u00ff" + "x".repeat(200);
        assertThatThrownBy(() -> Npy.parse(file(1, dict, ByteOrder.LITTLE_ENDIAN, new float[] {1})))
                .isExactlyInstanceOf(MncException.class)
                .hasMessage("malformed .npy header: {'decr': '<f4', 'fortran_order': False, 'shape': (), }???"
                        + "x".repeat(43) + "...");
    }

    /** Found by NpyFuzzTest: the text of a damaged shape or type entry was quoted with its line breaks. */
    @Test
    void damagedEntriesAreQuotedOnOneLine() {
        assertThatThrownBy(() -> Npy.parse(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (  \n\u0000@), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {1}))).isExactlyInstanceOf(MncException.class)
                .hasMessage("malformed .npy shape (?@)");
        assertThatThrownBy(() -> Npy.parse(file(1, "{'descr'\n:\n'<c8', 'fortran_order': False, 'shape': (1,), }",
                ByteOrder.LITTLE_ENDIAN, new float[] {1, 1}))).isExactlyInstanceOf(MncException.class)
                .hasMessageStartingWith("unsupported .npy element type 'descr'?:?'<c8' (");
    }

    @Test
    void readNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.npy");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertThatThrownBy(() -> Npy.read(f)).hasMessageStartingWith(f + ": not a .npy file");
    }
}
