package dev.mnc.backend.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import dev.mnc.runtime.DType;
import dev.mnc.runtime.InferenceException;
import dev.mnc.runtime.Model;
import dev.mnc.runtime.Session;
import dev.mnc.runtime.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sees when something is wrong: at compile time, at run time, and after close. */
class ErrorsTest {
    static final String NCHW = """
            graph @g(%x: f32[1,3,8,8] nchw) {
              %y = conv2d(%x, @w) {layout=nchw}
              return %y }
            const @w: f32[4,3,1,1] = random(seed=1)
            """;

    static final String TINY = """
            graph @tiny(%x: f32[1,4], %k: f32[2]) {
              %y = relu(%x)
              return %y, %k }
            """;

    @Test
    void nchwGraphsAskForTheLayoutPass() {
        assertThatThrownBy(() -> NativeCompiler.compile(IrParser.parse(NCHW))).isInstanceOf(MncException.class)
                .hasMessage("node 'y' (conv2d) is in nchw layout; the native backend needs nhwc: run the layout-nhwc"
                        + " pass first");
    }

    @Test
    void computedWeightsAreRefused() {
        assertThatThrownBy(() -> NativeCompiler.compile(IrParser.parse("""
                graph @g(%x: f32[2,4], %w: f32[3,4]) {
                  %y = fully_connected(%x, %w)
                  return %y }
                """))).isInstanceOf(MncException.class).hasMessageContaining("weight w is computed at run time");
    }

    @Test
    void int8GraphsTheRuntimeCannotRunAreRefusedByName() {
        assertThatThrownBy(() -> NativeCompiler.compile(IrParser.parse("""
                graph @g(%a: i8[4] q(0.1, 0), %b: i8[4] q(0.1, 0)) {
                  %y = div(%a, %b) : i8[4] q(0.1, 0)
                  return %y }
                """))).isInstanceOf(MncException.class)
                .hasMessageContaining("node 'y' (div)").hasMessageContaining("an int8 div has no integer kernel");
        assertThatThrownBy(() -> NativeCompiler.compile(IrParser.parse("""
                graph @g(%x: i8[2,4] q(0.1, 0)) {
                  %y = fully_connected(%x, @w) : i8[2,3] q(0.1, 0)
                  return %y }
                const @w: i8[3,4] q(0.01, 5) = random(seed=1, min=-127, max=127)
                """))).isInstanceOf(MncException.class)
                .hasMessageContaining("weight w has zero point 5; int8 weights are symmetric");
    }

    @Test
    void int8ScalesBeyondTheFixedPointRangeAreRefused() {
        // s_x * s_w / s_y = 1e38 needs a left shift of 127 bits; TFLite cannot run it either. The
        // compiler loads what it wrote, so the runtime's refusal surfaces at compile time.
        assertThatThrownBy(() -> NativeCompiler.compile(IrParser.parse("""
                graph @g(%x: i8[2,4] q(1e20, 0)) {
                  %y = fully_connected(%x, @w) : i8[2,3] q(1e-20, 0)
                  return %y }
                const @w: i8[3,4] q(0.01, 0) = random(seed=1, min=-127, max=127)
                """))).isInstanceOf(MncException.class)
                .hasMessageContaining("op 0 'y' (fully_connected_q8): has parameters its kernel cannot use")
                .hasMessageEndingWith("more than 31; the quantization scales are out of range");
    }

    @Test
    void badInputsNameWhatWasExpected() throws Exception {
        try (Model m = Harness.load(IrParser.parse(TINY)); Session s = m.newSession()) {
            Tensor x = Tensor.ofFloats(new int[] {1, 4}, new float[4]);
            Tensor k = Tensor.ofFloats(new int[] {2}, new float[2]);
            assertThatThrownBy(() -> s.run(Map.of("x", x, "k", k, "z", k))).isInstanceOf(InferenceException.class)
                    .hasMessage("model tiny has no input 'z'; its inputs are [x f32[1,4], k f32[2]]");
            assertThatThrownBy(() -> s.run(Map.of("x", x))).isInstanceOf(InferenceException.class)
                    .hasMessageStartingWith("input 'k' (f32[2]) is missing");
            assertThatThrownBy(() -> s.run(Map.of("x", Tensor.ofFloats(new int[] {4, 1}, new float[4]), "k", k)))
                    .isInstanceOf(InferenceException.class).hasMessage("input 'x': expected f32[1,4], got f32[4,1]");
            assertThatThrownBy(() -> s.run(Map.of("x", x, "k", Tensor.ofInts(new int[] {2}, new int[2]))))
                    .isInstanceOf(InferenceException.class).hasMessage("input 'k': expected f32[2], got i32[2]");
            Map<String, Tensor> out = s.run(Map.of("x", Tensor.ofFloats(new int[] {1, 4}, new float[] {-1, 2, -3, 4}),
                    "k", Tensor.ofFloats(new int[] {2}, new float[] {5, 6})));
            assertThat(out.keySet()).containsExactly("y", "k");
            assertThat(out.get("y").floats()).containsExactly(0, 2, 0, 4);
            assertThat(out.get("k").floats()).containsExactly(5, 6);
            assertThatThrownBy(() -> out.get("y").ints()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("tensor is f32, not i32");
        }
    }

    @Test
    void closedModelsAndSessionsSayWhatIsClosed() throws Exception {
        Model m = Harness.load(IrParser.parse(TINY));
        Session s = m.newSession();
        m.close();
        m.close();
        assertThatThrownBy(m::newSession).isInstanceOf(IllegalStateException.class).hasMessage("model tiny is closed");
        Map<String, Tensor> feeds = Map.of("x", Tensor.zeros(DType.F32, new int[] {1, 4}), "k",
                Tensor.zeros(DType.F32, new int[] {2}));
        assertThat(s.run(feeds)).hasSize(2);
        s.close();
        s.close();
        assertThatThrownBy(() -> s.run(feeds)).isInstanceOf(IllegalStateException.class)
                .hasMessage("session of model tiny is closed");
    }

}
