package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.text.IrParser;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.ModelFormatException;
import dev.mnc.runtime.TensorInfo;
import dev.mnc.runtime.format.Format;
import dev.mnc.runtime.format.ModelFile;
import dev.mnc.runtime.format.ModelParser;
import dev.mnc.runtime.format.OpCode;
import dev.mnc.testdata.fuzz.MncMutators;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The .mnc format: round trip, alignment, version and magic checks (MncFuzzTest damages files at random). */
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

    /** A small int8 model (format 1.1): per-channel conv, depthwise, add, pad, resize, mean, dense, softmax. */
    static final String SMALL_INT8 = """
            graph @small_int8(%x: i8[1,6,5,3] nhwc q(0.02, -3)) {
              %c = conv2d(%x, @w, @b) {strides=[2,1], pads=[1,1,1,1], act=relu6, layout=nhwc} : i8[1,3,5,8] nhwc q(0.03, -128)
              %d = conv2d(%c, @dw, @db) {pads=[1,1,1,1], group=8, layout=nhwc} : i8[1,3,5,8] nhwc q(0.04, 2)
              %s = add(%c, %d) : i8[1,3,5,8] nhwc q(0.05, -1)
              %p = pad(%s) {pads=[0,1,0,0,0,0,1,0]} : i8[1,4,6,8] nhwc q(0.05, -1)
              %r = resize(%p) {mode=linear, coord=half_pixel, size=[8,12], scales=[2.0,2.0], layout=nhwc} : i8[1,8,12,8] nhwc q(0.05, -1)
              %m = mean(%r) {axes=[1,2], keep_dims=false} : i8[1,8] q(0.02, 4)
              %f = fully_connected(%m, @fw, @fb) : i8[1,5] q(0.1, 0)
              %sm = softmax(%f) {axis=1} : i8[1,5] q(0.00390625, -128)
              %dq = dequantize(%sm) : f32[1,5]
              return %dq, %f
            }
            const @w: i8[8,3,3,3] """ + Int8Graphs.perChannel(1, 8, 0.005, 0.05) + """
             = random(seed=1, min=-127, max=127)
            const @b: i32[8] = random(seed=2, min=-2000, max=2000)
            const @dw: i8[8,3,3,1] """ + Int8Graphs.perChannel(3, 8, 0.005, 0.05) + """
             = random(seed=3, min=-127, max=127)
            const @db: i32[8] = random(seed=4, min=-2000, max=2000)
            const @fw: i8[5,8] q(0.01, 0) = random(seed=5, min=-127, max=127)
            const @fb: i32[5] = random(seed=6, min=-500, max=500)
            """;

    static byte[] smallInt8() {
        return NativeCompiler.compile(IrParser.parse(SMALL_INT8));
    }

    /** Two conv_transpose2d: one with a fused relu (opcode 29, format 1.2), one without (opcode 2, 1.0). */
    static final String UPSAMPLE = """
            graph @up(%x: f32[1,3,4,5] nhwc) {
              %t = conv_transpose2d(%x, @w, @b) {strides=[2,2], act=relu, layout=nhwc}
              %y = conv_transpose2d(%t, @v) {strides=[2,2], pads=[1,1,0,0], layout=nhwc}
              return %y
            }
            const @w: f32[4,2,2,5] = random(seed=1)
            const @b: f32[4] = random(seed=2)
            const @v: f32[2,3,3,4] = random(seed=3)
            """;

    static byte[] upsample() {
        return NativeCompiler.compile(IrParser.parse(UPSAMPLE));
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

    @Test
    void aFusedActivationOnConvTransposeTakesOpcode29AndFormatOnePointTwo() throws Exception {
        byte[] bytes = upsample();
        try (Model m = Model.load(ByteBuffer.wrap(bytes), "up.mnc")) {
            assertThat(m.formatVersion()).isEqualTo(Format.MAJOR_VERSION + ".2");
            assertThat(m.ops()).containsExactly("conv_transpose2d 't'", "conv_transpose2d 'y'");
        }
        ModelFile file = ModelParser.parse(ByteBuffer.wrap(bytes), "up.mnc");
        ModelFile.OpRecord fused = file.ops().get(0);
        ModelFile.OpRecord plain = file.ops().get(1);
        assertThat(fused.op()).isEqualTo(OpCode.CONV_TRANSPOSE2D_ACT);
        assertThat(fused.op().code()).isEqualTo(29);
        assertThat(fused.params()).containsExactly(2, 2, 1, 1, 0, 0, 0, 0, 0, 0, Format.ACT_RELU);
        assertThat(plain.op()).as("without an activation the 1.0 opcode and words").isEqualTo(OpCode.CONV_TRANSPOSE2D);
        assertThat(plain.params()).containsExactly(2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
    }

    @Test
    void convTransposeWithoutFusedActivationStaysFormatOnePointZero() throws Exception {
        byte[] bytes = NativeCompiler.compile(IrParser.parse(UPSAMPLE.replace("act=relu, ", "")));
        try (Model m = Model.load(ByteBuffer.wrap(bytes), "up.mnc")) {
            assertThat(m.formatVersion()).as("readable by every 1.x runtime").isEqualTo(Format.MAJOR_VERSION + ".0");
        }
    }

    @Test
    void opcode2KeepsItsTenWordsAndOpcode29NeedsEleven() {
        byte[] bytes = upsample();
        int opcode0 = fieldOffset(bytes, "op 0 opcode");
        int opcode1 = fieldOffset(bytes, "op 1 opcode");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] swapped = bytes.clone();
        ByteBuffer.wrap(swapped).order(ByteOrder.LITTLE_ENDIAN).putShort(opcode0, b.getShort(opcode1))
                .putShort(opcode1, b.getShort(opcode0));
        assertThatThrownBy(() -> Model.load(ByteBuffer.wrap(MncMutators.reseal(swapped)), "swapped.mnc"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("swapped.mnc: op 0 't' (conv_transpose2d): has 11 parameter words, expected 10");
        byte[] badAct = bytes.clone();
        int lastWord = fieldOffset(bytes, "op 0 parameter 10");
        ByteBuffer.wrap(badAct).order(ByteOrder.LITTLE_ENDIAN).putInt(lastWord, 4);
        assertThatThrownBy(() -> Model.load(ByteBuffer.wrap(MncMutators.reseal(badAct)), "act.mnc"))
                .isInstanceOf(ModelFormatException.class).hasMessageStartingWith("act.mnc: op 0 't'")
                .hasMessageContaining("activation");
    }

    private static int fieldOffset(byte[] file, String what) {
        return MncMutators.fieldsOf(file).stream().filter(f -> f.what().equals(what)).findFirst().orElseThrow()
                .offset();
    }

    @Test
    void anInt8ModelIsFormatOnePointOne() throws Exception {
        try (Model m = Model.load(ByteBuffer.wrap(smallInt8()), "small_int8.mnc")) {
            assertThat(m.formatVersion()).as("int8 opcodes need 1.1, nothing newer").isEqualTo(Format.MAJOR_VERSION + ".1");
            TensorInfo x = m.inputs().get(0);
            assertThat(x.dtype()).isEqualTo(DType.I8);
            assertThat(x.scale()).isEqualTo(0.02f);
            assertThat(x.zeroPoint()).isEqualTo(-3);
            assertThat(m.ops()).contains("conv2d_q8 'c'", "conv2d_q8 'd'", "add_q8 's'", "softmax_q8 'sm'");
        }
    }

    @Test
    void aFileStampedOlderThanItsOpcodesIsRefused() {
        byte[] restamped = smallInt8();
        // The minor version is the u16 at offset 10 of the header; 1.0 predates the int8 opcodes.
        ByteBuffer.wrap(restamped).order(ByteOrder.LITTLE_ENDIAN).putShort(10, (short) 0);
        assertThatThrownBy(() -> Model.load(ByteBuffer.wrap(MncMutators.reseal(restamped)), "old.mnc"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("introduced in format 1.1, but the file says it is format 1.0");
    }
}
