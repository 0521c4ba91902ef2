package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mnc.ir.Graph;
import dev.mnc.ir.text.IrParser;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import dev.mnc.runtime.TensorInfo;
import dev.mnc.runtime.format.Format;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The .mnc format: round trip, version and magic checks, and a fuzzer of truncated and bit-flipped files. */
class FormatTest {

    /** A small model touching most sections and op kinds (quantization table included). */
    static final String SMALL = """
            graph @small(%x: f32[1,6,5,3] nhwc, %idx: i32[2]) {
              %c = conv2d(%x, @w, @b) {strides=[2,1], pads=[1,1,1,1], act=relu6, layout=nhwc}
              %d = conv2d(%c, @dw) {pads=[1,1,1,1], group=4, layout=nhwc}
              %s = add(%c, %d)
              %p = pad(%s) {pads=[0,1,0,0,0,0,1,0], mode=reflect}
              %r = resize(%p) {mode=linear, coord=half_pixel, size=[8,10], scales=[2.0,2.0], layout=nhwc}
              %m = mean(%r) {axes=[1,2], keep_dims=false}
              %f = fully_connected(%m, @fw, @fb)
              %g = gather(%f, %idx) {axis=1}
              %q = quantize(%g) {to=i8} : i8[1,2] q(0.05, 3)
              %sm = softmax(%f) {axis=1}
              %rs = reshape(%sm) {shape=[5]}
              return %rs, %q
            }
            const @w: f32[4,3,3,3] = random(seed=1)
            const @b: f32[4] = random(seed=2)
            const @dw: f32[4,3,3,1] = random(seed=3)
            const @fw: f32[5,4] = random(seed=4)
            const @fb: f32[5] = random(seed=5)
            """;

    static byte[] small() {
        Graph g = IrParser.parse(SMALL);
        g.metadata().put("source", "unit test");
        return NativeCompiler.compile(g);
    }

    @Test
    void roundTripKeepsTheTensorTableIoAndMetadata() throws Exception {
        byte[] bytes = small();
        try (Model m = Model.load(ByteBuffer.wrap(bytes), "small.mnc")) {
            assertThat(m.formatVersion()).as("a float model needs no 1.1 opcode").isEqualTo(Format.MAJOR_VERSION + ".0");
            assertThat(m.inputs()).extracting(TensorInfo::name).containsExactly("x", "idx");
            assertThat(m.inputs().get(0).shape()).containsExactly(1, 6, 5, 3);
            assertThat(m.inputs().get(1).dtype()).isEqualTo(DType.I32);
            assertThat(m.outputs()).extracting(TensorInfo::name).containsExactly("rs", "q");
            TensorInfo q = m.outputs().get(1);
            assertThat(q.dtype()).isEqualTo(DType.I8);
            assertThat(q.scale()).isEqualTo(0.05f);
            assertThat(q.zeroPoint()).isEqualTo(3);
            assertThat(m.metadata()).containsEntry("source", "unit test").containsEntry("mnc.graph", "small");
            assertThat(m.tensors()).extracting(TensorInfo::name)
                    .contains("w", "b", "dw", "fw", "fb", "c", "d", "s", "p", "r", "m", "f", "g", "q", "sm", "rs");
            assertThat(m.isConstant("w")).isTrue();
            assertThat(m.isConstant("c")).isFalse();
            TensorInfo w = m.tensor("w").orElseThrow();
            assertThat(w.shape()).containsExactly(4, 3, 3, 3);
            assertThat(w.dtype()).isEqualTo(DType.F32);
            assertThat(m.tensor("nope")).isEmpty();
            assertThat(m.opCount()).isEqualTo(11);
            assertThat(m.ops().get(0)).isEqualTo("conv2d 'c'");
        }
    }

    @Test
    void blobsAre64ByteAligned() throws Exception {
        byte[] bytes = small();
        var file = dev.mnc.runtime.format.ModelParser.parse(ByteBuffer.wrap(bytes), "small");
        for (var t : file.tensors()) {
            if (t.isConstant()) {
                assertThat(t.offset() % 64).as(t.name()).isZero();
            }
        }
    }

    @Test
    void aNewerMajorVersionAsksTheUserToUpgrade() {
        byte[] bytes = small();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) (Format.MAJOR_VERSION + 1));
        assertThatThrownBy(() -> Model.load(ByteBuffer.wrap(bytes), "future.mnc"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("future.mnc: format version 2.0 is newer than this runtime reads (up to 1.x): upgrade mnc");
    }

    @Test
    void wrongMagicTruncationAndCorruptionAreNamed() {
        byte[] bytes = small();
        byte[] png = bytes.clone();
        png[1] = 'P';
        assertThatThrownBy(() -> Model.load(ByteBuffer.wrap(png), "a.png")).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("a.png: not an .mnc model: wrong magic bytes");
        assertThatThrownBy(() -> Model.load(ByteBuffer.wrap(bytes, 0, bytes.length - 10), "cut.mnc"))
                .isInstanceOf(ModelFormatException.class).hasMessageStartingWith("cut.mnc: truncated");
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 3] ^= 4;
        assertThatThrownBy(() -> Model.load(ByteBuffer.wrap(flipped), "bad.mnc"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("checksum mismatch");
    }

    /** Recomputes the CRC so that the structural checks, not the checksum, meet the damage. */
    static void reseal(byte[] b) {
        if (b.length < Format.HEADER_SIZE) {
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(b, Format.CRC_START, b.length - Format.CRC_START);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(Format.CRC_OFFSET, (int) crc.getValue());
    }

    /** Loads and, when that works, runs on zeros; anything but a ModelFormatException or a clean run fails. */
    static String attempt(byte[] b) {
        Model m;
        try {
            m = Model.load(ByteBuffer.wrap(b), "fuzz.mnc");
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzz.mnc: ").doesNotContain("\n");
            return "rejected";
        }
        try (m; Session s = m.newSession()) {
            Map<String, Tensor> feeds = new HashMap<>();
            for (TensorInfo in : m.inputs()) {
                feeds.put(in.name(), Tensor.zeros(in.dtype(), in.shape()));
            }
            s.run(feeds);
            return "ran";
        }
    }

    @Test
    void fuzzedFilesAreRejectedCleanlyOrRun() {
        byte[] good = small();
        SplittableRandom r = new SplittableRandom(2026);
        Map<String, Integer> outcomes = new HashMap<>();
        int cases = 0;
        for (int cut = 0; cut < good.length; cut += 97) {
            byte[] b = java.util.Arrays.copyOf(good, cut);
            outcomes.merge(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> attempt(b)), 1, Integer::sum);
            cases++;
        }
        while (cases < 2000) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(4);
            for (int i = 0; i < flips; i++) {
                // Half the flips land in the header, directory and tables, where structure lives.
                int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : r.nextInt(Math.min(b.length, 2048));
                b[at] ^= (byte) (1 << r.nextInt(8));
            }
            if (r.nextInt(10) != 0) {
                reseal(b);
            }
            outcomes.merge(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> attempt(b)), 1, Integer::sum);
            cases++;
        }
        System.out.println("fuzz outcomes over " + cases + " cases of a " + good.length + "-byte model: " + outcomes);
        assertThat(outcomes.get("rejected")).isGreaterThan(500);
    }
}
