package dev.mnc.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.mnc.ir.DType;
import dev.mnc.ir.MncException;
import dev.mnc.ir.TensorData;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.TensorProto.DataType;
import dev.mnc.onnx.proto.Onnx.TypeProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import dev.mnc.testdata.OnnxModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Tensor decoding for every element type and data field ONNX allows. Expected values come from
 * the IEEE 754 encodings (half 0x3C00 = 1, 0xC000 = -2, 0x7BFF = 65504, 0x0001 = 2^-24; bfloat16
 * 0x3F80 = 1) and from the integer types' ranges.
 */
class TensorReaderTest {
    private final TensorReader reader = new TensorReader(new ExternalData(null));

    private static TensorProto.Builder tensor(DataType type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName("t").setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    private static ByteString le(int bytesPerValue, long... values) {
        ByteBuffer b = ByteBuffer.allocate(bytesPerValue * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPerValue) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return ByteString.copyFrom(b.array());
    }

    @Test
    void halfAndBfloat16BecomeFloat() {
        TensorData raw = reader.read(tensor(DataType.FLOAT16, 4).setRawData(le(2, 0x3C00, 0xC000, 0x7BFF, 0x0001)).build());
        assertThat(raw.dtype()).isEqualTo(DType.F32);
        assertThat(raw.floats()).containsExactly(1f, -2f, 65504f, 0x1p-24f);
        TensorData typed = reader.read(tensor(DataType.FLOAT16, 2).addInt32Data(0x3C00).addInt32Data(0xFC00).build());
        assertThat(typed.floats()).containsExactly(1f, Float.NEGATIVE_INFINITY);
        assertThat(reader.read(tensor(DataType.BFLOAT16, 1).setRawData(le(2, 0x3F80)).build()).floats()).containsExactly(1f);
    }

    @Test
    void doublesBecomeFloat() {
        assertThat(reader.read(tensor(DataType.DOUBLE, 2).addDoubleData(0.5).addDoubleData(-1e-3).build()).floats())
                .containsExactly(0.5f, -1e-3f);
        assertThat(reader.read(tensor(DataType.DOUBLE, 1).setRawData(le(8, Double.doubleToLongBits(2.25))).build())
                .floats()).containsExactly(2.25f);
    }

    @Test
    void integerTypesKeepTheirValues() {
        TensorData i32 = reader.read(tensor(DataType.INT32, 2).addInt32Data(-7).addInt32Data(9).build());
        assertThat(i32.dtype()).isEqualTo(DType.I32);
        assertThat(i32.ints()).containsExactly(-7, 9);
        TensorData i8 = reader.read(tensor(DataType.INT8, 2).addInt32Data(-128).addInt32Data(127).build());
        assertThat(i8.dtype()).isEqualTo(DType.I8);
        assertThat(i8.toLongs()).containsExactly(-128, 127);
        TensorData u8 = reader.read(tensor(DataType.UINT8, 1).setRawData(le(1, 255)).build());
        assertThat(u8.dtype()).isEqualTo(DType.U8);
        assertThat(u8.getDouble(0)).isEqualTo(255);
        assertThat(reader.read(tensor(DataType.UINT16, 1).setRawData(le(2, 0xFFFF)).build()).ints()).containsExactly(65535);
        assertThat(reader.read(tensor(DataType.UINT32, 1).addUint64Data(4294967295L).build()).longs())
                .containsExactly(4294967295L);
        assertThat(reader.read(tensor(DataType.INT64, 2).setRawData(le(8, -3, Long.MAX_VALUE)).build()).longs())
                .containsExactly(-3, Long.MAX_VALUE);
        assertThat(reader.read(tensor(DataType.INT16, 1).addInt32Data(-300).build()).shorts()).containsExactly((short) -300);
        assertThat(reader.read(tensor(DataType.BOOL, 2).addInt32Data(0).addInt32Data(3).build()).bytes())
                .containsExactly(0, 1);
    }

    @Test
    void scalarsAndEmptyTensors() {
        TensorData s = reader.read(tensor(DataType.FLOAT).addFloatData(4f).build());
        assertThat(s.shape().rank()).isZero();
        assertThat(s.floats()).containsExactly(4f);
        assertThat(reader.read(tensor(DataType.FLOAT, 0).build()).size()).isZero();
    }

    @Test
    void typesMncCannotHoldAreRefused() {
        assertThatThrownBy(() -> reader.read(tensor(DataType.STRING, 1).addStringData(ByteString.copyFromUtf8("a")).build()))
                .isInstanceOf(MncException.class).hasMessage("ONNX element type STRING is not supported");
        assertThatThrownBy(() -> reader.read(tensor(DataType.COMPLEX64, 1).build()))
                .isInstanceOf(MncException.class).hasMessageContaining("COMPLEX64");
    }

    @Test
    void aiOnnxSpelledOutIsTheDefaultDomain() {
        var m = new OnnxModelBuilder(13).input("x", 2).node("Relu", "x -> y").output("y").build().toBuilder();
        m.getOpsetImportBuilder(0).setDomain("ai.onnx");
        m.getGraphBuilder().getNodeBuilder(0).setDomain("ai.onnx");
        assertThat(Ir.unchecked(m.build())).contains("%y = relu(%x) : f32[2]");
    }

    @Test
    void float16InputsAreRefusedWithAHint() {
        var m = new OnnxModelBuilder(13).node("Relu", "x -> y").output("y").build().toBuilder();
        m.getGraphBuilder().addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT16_VALUE))));
        Ir.fails(m.build(), ImportOptions.defaults().withInputShape("x", 2))
                .hasMessage("test.onnx: graph input 'x' is FLOAT16; mnc imports float32 models (re-export the model with "
                        + "float32 inputs)");
    }
}
