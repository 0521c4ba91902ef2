package dev.mnc.backend.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.text.IrParser;
import dev.mnc.testdata.TfliteOracle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graph inputs, outputs and signatures: aliasing, constants as outputs, names. */
class GraphInterfaceTest {

    private static final float[] X = {-1.5f, 0.25f, 2f, -0.5f, 3f, -4f};

    private static float[] relu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
        return y;
    }

    @Test
    void aGraphInputCanAlsoBeAnOutput() {
        byte[] model = TfliteWriter.write(IrParser.parse("""
                graph @g(%x: f32[2,3]) {
                  %y = relu(%x)
                  return %x, %y
                }
                """));
        List<TfliteOracle.Tensor> out = TfliteOracle.run(model, (Object) X);
        assertThat(out.get(0).floats()).containsExactly(X);
        assertThat(out.get(1).floats()).containsExactly(relu(X));
        TfliteModel m = TfliteReader.read(model);
        assertThat(m.outputs().get(0)).isSameAs(m.inputs().get(0));
        assertThat(m.signatures().get(0).outputs()).containsExactly(Map.entry("x", 0), Map.entry("y", 1));
    }

    @Test
    void identityOutputsShareTensorsAndNameThemWhenTheyCan() {
        byte[] model = TfliteWriter.write(IrParser.parse("""
                graph @g(%x: f32[2,3]) {
                  %r = relu(%x)
                  %y = identity(%r)
                  %z = identity(%x)
                  return %y, %z
                }
                """));
        List<TfliteOracle.Tensor> out = TfliteOracle.run(model, (Object) X);
        assertThat(out.get(0).floats()).containsExactly(relu(X));
        assertThat(out.get(1).floats()).containsExactly(X);
        TfliteModel m = TfliteReader.read(model);
        // relu's tensor takes the output's name; the input keeps its own, the signature says "z".
        assertThat(m.outputs()).extracting(TensorInfo::name).containsExactly("y", "x");
        assertThat(m.signatures().get(0).outputs().keySet()).containsExactly("y", "z");
        assertThat(m.operators()).extracting(OperatorInfo::op).containsExactly("RELU");
    }

    @Test
    void aConstantCanBeAnOutputAndTheSameValueTwice() {
        byte[] model = TfliteWriter.write(IrParser.parse("""
                graph @g(%x: f32[2,3]) {
                  %y = relu(%x)
                  return %y, @c, %y
                }
                const @c: f32[3] = [1.0, 2.0, 3.0]
                """));
        List<TfliteOracle.Tensor> out = TfliteOracle.run(model, (Object) X);
        assertThat(out.get(0).floats()).containsExactly(relu(X));
        assertThat(out.get(1).floats()).containsExactly(1f, 2f, 3f);
        assertThat(out.get(2).floats()).containsExactly(relu(X));
        TfliteModel m = TfliteReader.read(model);
        assertThat(m.signatures().get(0).outputs().keySet()).containsExactly("y", "c", "y_1");
        assertThat(m.outputs().get(1).isConstant()).isTrue();
    }

    @Test
    void aGraphWithoutOperatorsPassesItsInputThrough() {
        byte[] model = TfliteWriter.write(IrParser.parse("""
                graph @g(%x: f32[2,3]) {
                  return %x
                }
                """));
        assertThat(TfliteOracle.run(model, (Object) X).get(0).floats()).containsExactly(X);
    }

    @Test
    void descriptionSignatureKeyAndMetadataAreWritten() {
        var g = IrParser.parse("""
                graph @net(%image: f32[1,4], %mask: f32[1,4]) {
                  %"scores:0" = mul(%image, %mask)
                  return %"scores:0"
                }
                """);
        byte[] model = TfliteWriter.write(g, TfliteOptions.defaults().withDescription("mnc test").withSignatureKey("run")
                .withMinRuntimeVersion("2.3.0").withMetadata("labels", new byte[] {'c', 'a', 't'}));
        TfliteModel m = TfliteReader.read(model);
        assertThat(m.description()).isEqualTo("mnc test");
        assertThat(m.schemaVersion()).isEqualTo(3);
        SignatureInfo s = m.signatures().get(0);
        assertThat(s.key()).isEqualTo("run");
        assertThat(s.inputs()).containsExactly(Map.entry("image", 0), Map.entry("mask", 1));
        assertThat(s.outputs()).containsOnlyKeys("scores:0");
        assertThat(m.metadata().get("labels")).containsExactly('c', 'a', 't');
        byte[] version = m.metadata().get(TfliteOptions.MIN_RUNTIME_VERSION);
        assertThat(version).hasSize(16);
        assertThat(new String(version, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("2.3.0");
        assertThat(TfliteWriter.write(g).length).isPositive();
        assertThat(TfliteReader.read(TfliteWriter.write(g)).description()).startsWith("mnc ");
    }
}
