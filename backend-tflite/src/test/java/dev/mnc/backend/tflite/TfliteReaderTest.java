package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.text.IrParser;
import dev.mnc.testdata.SharedData;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Write, read back, and read files Google's converter wrote. */
class TfliteReaderTest {

    @Test
    void roundTripKeepsOperatorsNamesShapesAndOptions() {
        byte[] bytes = TfliteWriter.write(IrParser.parse("""
                graph @block(%"input.1": f32[1,16,16,8] nhwc) {
                  %expand = conv2d(%"input.1", @w1, @b1) {act=relu6, layout=nhwc} loc("Conv_0")
                  %dw = conv2d(%expand, @w2, @b2) {strides=[2,2], pads=[0,0,1,1], group=32, act=relu6, layout=nhwc}
                  %project = conv2d(%dw, @w3, @b3) {layout=nhwc}
                  %pool = mean(%project) {axes=[1,2], keep_dims=false}
                  %"logits:0" = fully_connected(%pool, @fc, @fcb)
                  return %"logits:0"
                }
                const @w1: f32[32,1,1,8] = random(seed=1)
                const @b1: f32[32] = random(seed=2)
                const @w2: f32[32,3,3,1] = random(seed=3)
                const @b2: f32[32] = random(seed=4)
                const @w3: f32[8,1,1,32] = random(seed=5)
                const @b3: f32[8] = random(seed=6)
                const @fc: f32[10,8] = random(seed=7)
                const @fcb: f32[10] = random(seed=8)
                """));
        TfliteModel m = TfliteReader.read(bytes);
        assertThat(m.operators()).extracting(OperatorInfo::op)
                .containsExactly("CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "MEAN", "FULLY_CONNECTED");
        assertThat(m.inputs()).hasSize(1);
        assertThat(m.inputs().get(0).name()).isEqualTo("input.1");
        assertThat(m.inputs().get(0).type()).isEqualTo("FLOAT32");
        assertThat(m.inputs().get(0).shape()).containsExactly(1, 16, 16, 8);
        assertThat(m.outputs().get(0).name()).isEqualTo("logits:0");
        assertThat(m.outputs().get(0).shape()).containsExactly(1, 10);

        OperatorInfo dw = m.operators().get(1);
        assertThat(dw.inputs()).extracting(TensorInfo::name).containsExactly("expand", "w2", "b2");
        assertThat(dw.outputs().get(0).name()).isEqualTo("dw");
        assertThat(dw.outputs().get(0).shape()).containsExactly(1, 8, 8, 32);
        assertThat(dw.options()).containsEntry("padding", "SAME").containsEntry("stride_w", 2).containsEntry("stride_h", 2)
                .containsEntry("depth_multiplier", 1).containsEntry("fused_activation_function", "RELU6");
        assertThat(dw.parameters()).isEqualTo(32 * 9 + 32);
        assertThat(dw.macs()).isEqualTo(8L * 8 * 32 * 9);
        assertThat(m.operators().get(3).options()).containsEntry("keep_dims", false);
        assertThat(m.operators().get(3).inputs().get(1).name()).isEqualTo("pool/axes");

        long params = (32 * 8 + 32) + (32 * 9 + 32) + (8 * 32 + 8) + (10 * 8 + 10);
        long macs = 16L * 16 * 32 * 8 + 8L * 8 * 32 * 9 + 8L * 8 * 8 * 32 + 10 * 8;
        assertThat(m.parameters()).isEqualTo(params);
        assertThat(m.macs()).isEqualTo(macs);
        assertThat(m.signatures()).hasSize(1);
        assertThat(m.signatures().get(0).key()).isEqualTo("serving_default");
        assertThat(m.subgraphs()).isEqualTo(1);
        // Buffer 0 is the schema's empty buffer; every other one holds one distinct constant.
        assertThat(m.tensors().stream().filter(t -> !t.isConstant()).allMatch(t -> t.buffer() == 0)).isTrue();
        assertThat(m.buffers()).isEqualTo(1 + (int) m.tensors().stream().filter(TensorInfo::isConstant).count());
    }

    @Test
    void equalConstantsShareOneBuffer() {
        byte[] bytes = TfliteWriter.write(IrParser.parse("""
                graph @g(%x: f32[1,4,4,3] nhwc) {
                  %a = conv2d(%x, @w1) {layout=nhwc}
                  %b = conv2d(%x, @w2) {layout=nhwc}
                  %y = add(%a, %b)
                  return %y
                }
                const @w1: f32[5,1,1,3] = random(seed=9)
                const @w2: f32[5,1,1,3] = random(seed=9)
                """));
        TfliteModel m = TfliteReader.read(bytes);
        List<TensorInfo> filters = List.of(m.operators().get(0).inputs().get(1), m.operators().get(1).inputs().get(1));
        assertThat(filters).extracting(TensorInfo::name).containsExactly("w1", "w2");
        assertThat(filters.get(0).buffer()).isEqualTo(filters.get(1).buffer());
        // The two zero biases share a buffer too; data is counted once per buffer.
        assertThat(m.weightBytes()).isEqualTo(5 * 3 * 4 + 5 * 4);
    }

    @Test
    void readsGooglesInt8MobileNetV2() throws Exception {
        TfliteModel m = TfliteReader.read(Files.readAllBytes(SharedData.file("reference/tf2_mobilenet_v2_1.0_224_ptq.tflite")));
        assertThat(m.inputs().get(0).type()).isEqualTo("UINT8");
        assertThat(m.inputs().get(0).shape()).containsExactly(1, 224, 224, 3);
        assertThat(m.outputs().get(0).shape()).containsExactly(1, 1001);
        assertThat(m.operatorCounts()).containsKeys("QUANTIZE", "CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "MEAN", "SOFTMAX");
        assertThat(m.operatorCounts().get("DEPTHWISE_CONV_2D")).isEqualTo(17);
        OperatorInfo conv = m.operators().stream().filter(o -> o.op().equals("CONV_2D")).findFirst().orElseThrow();
        assertThat(conv.inputs().get(1).type()).isEqualTo("INT8");
        assertThat(conv.inputs().get(1).quantization().scales()).hasSize(conv.inputs().get(1).shape()[0]);
        assertThat(conv.inputs().get(2).type()).isEqualTo("INT32");
        // Published MobileNetV2 1.0 at 224: 3.4M parameters (+1001-way head), 300M multiply-adds.
        assertThat(m.parameters()).isBetween(3_400_000L, 3_600_000L);
        assertThat(m.macs()).isBetween(295_000_000L, 305_000_000L);
        assertThat(m.metadata()).containsKey(TfliteOptions.MIN_RUNTIME_VERSION);
    }

    @Test
    void readsGooglesUint8MobileNetV1() throws Exception {
        TfliteModel m = TfliteReader.read(Files.readAllBytes(SharedData.file("reference/mobilenet_v1_0.25_128_quant.tflite")));
        assertThat(m.inputs().get(0).shape()).containsExactly(1, 128, 128, 3);
        assertThat(m.operatorCounts()).containsEntry("DEPTHWISE_CONV_2D", 13).containsKey("AVERAGE_POOL_2D");
        // Published MobileNetV1 0.25 at 128: 0.47M parameters, 14M multiply-adds.
        assertThat(m.parameters()).isBetween(460_000L, 480_000L);
        assertThat(m.macs()).isBetween(13_000_000L, 15_000_000L);
    }
}
