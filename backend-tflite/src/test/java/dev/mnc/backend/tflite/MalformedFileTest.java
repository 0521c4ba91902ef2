package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;

/**
 * Damaged files through {@link TfliteReader}: truncated at every length, every bit flipped, and
 * well-formed flatbuffers that break the schema's promises. Each must end in an MncException
 * (or, for damage that leaves a readable file, a result), never another exception or a hang.
 * {@link TfliteFuzzTest} damages real models at random.
 */
class MalformedFileTest {

    /** A small conv, depthwise, mean and dense graph: the model both this test and the fuzzer damage. */
    static final String SMALL_CONV = """
            graph @g(%x: f32[1,8,8,3] nhwc) {
              %c = conv2d(%x, @w, @b) {strides=[2,2], pads=[1,1,1,1], act=relu6, layout=nhwc}
              %d = conv2d(%c, @dw) {pads=[1,1,1,1], group=4, layout=nhwc}
              %m = mean(%d) {axes=[1,2], keep_dims=false}
              %y = fully_connected(%m, @fc)
              return %y
            }
            const @w: f32[4,3,3,3] = random(seed=1)
            const @b: f32[4] = random(seed=2)
            const @dw: f32[4,3,3,1] = random(seed=3)
            const @fc: f32[2,4] = random(seed=4)
            """;

    private static final byte[] MODEL = TfliteWriter.write(IrParser.parse(SMALL_CONV),
            TfliteOptions.defaults().withMinRuntimeVersion("1.14.0"));

    /** Reads {@code bytes}; true if it read, false on MncException; anything else fails the test. */
    private static boolean reads(byte[] bytes) {
        try {
            TfliteModel m = TfliteReader.read(bytes);
            m.parameters();
            m.macs();
            return true;
        } catch (MncException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return false;
        }
    }

    @Test
    void theIntactModelReads() {
        assertThat(reads(MODEL)).isTrue();
    }

    @Test
    void everyTruncationIsRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int n = 0; n < MODEL.length; n++) {
                assertThat(reads(Arrays.copyOf(MODEL, n))).as("truncated to %d of %d bytes", n, MODEL.length).isFalse();
            }
        });
    }

    @Test
    void everySingleBitFlipReadsOrFailsCleanly() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            int refused = 0;
            for (int i = 0; i < MODEL.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] b = MODEL.clone();
                    b[i] ^= (byte) (1 << bit);
                    refused += reads(b) ? 0 : 1;
                }
            }
            // Most flips land in weights or names and leave a readable file; structure flips are caught.
            assertThat(refused).isGreaterThan(100);
        });
    }

    private static byte[] edit(Consumer<ModelT> change) {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(MODEL)).unpack();
        change.accept(m);
        FlatBufferBuilder fb = new FlatBufferBuilder();
        fb.finish(Model.pack(fb, m), "TFL3");
        return fb.sizedByteArray();
    }

    @Test
    void schemaViolationsAreNamed() {
        assertThat(reads(edit(m -> { }))).isTrue();
        assertThatThrownBy(() -> TfliteReader.read(new byte[0])).isInstanceOf(MncException.class)
                .hasMessageContaining("the file header");
        byte[] wrongId = MODEL.clone();
        wrongId[7] = '2';
        assertThatThrownBy(() -> TfliteReader.read(wrongId)).isInstanceOf(MncException.class)
                .hasMessage("malformed TFLite file: the file identifier is 'TFL2', not 'TFL3'");
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> m.setVersion(4)))).isInstanceOf(MncException.class)
                .hasMessage("unsupported TFLite schema version 4 (mnc reads version 3)");
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> m.getSubgraphs()[0].getTensors()[1].setBuffer(1000))))
                .isInstanceOf(MncException.class).hasMessageContaining("uses buffer 1000 of");
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> m.getSubgraphs()[0].getOperators()[0].setOpcodeIndex(9))))
                .isInstanceOf(MncException.class).hasMessageContaining("operator 0 uses operator code 9 of");
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> m.getSubgraphs()[0].getOperators()[1]
                .setInputs(new int[] {0, 77, 2})))).isInstanceOf(MncException.class)
                .hasMessageContaining("input of operator 1 (CONV_2D) 77 is not one of the");
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> m.getSubgraphs()[0].setOutputs(new int[] {-3}))))
                .isInstanceOf(MncException.class).hasMessageContaining("subgraph output -3");
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> m.getSubgraphs()[0].getTensors()[0]
                .setShape(new int[] {1, -8, 8, 3})))).isInstanceOf(MncException.class)
                .hasMessageContaining("has a negative dimension");
        // A constant whose buffer is shorter than its shape needs.
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> {
            var tensors = m.getSubgraphs()[0].getTensors();
            for (var t : tensors) {
                if (t.getBuffer() != 0) {
                    t.setShape(new int[] {5, 5});
                    return;
                }
            }
        }))).isInstanceOf(MncException.class).hasMessageContaining("needs 100 bytes, its buffer has");
        assertThatThrownBy(() -> TfliteReader.read(edit(m -> m.setSubgraphs(new org.tensorflow.lite.schema.SubGraphT[0]))))
                .isInstanceOf(MncException.class).hasMessage("malformed TFLite file: it has no subgraph");
    }
}
