package dev.mnc.ir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TensorDataTest {

    @Test
    void nchwToNhwcPutsChannelsLastAndConvertsToFloat() {
        // [1, 2, 2, 3]: element (c, y, x) holds 100c + 10y + x.
        float[] nchw = new float[12];
        byte[] bytes = new byte[12];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    nchw[(c * 2 + y) * 3 + x] = 100 * c + 10 * y + x;
                    bytes[(c * 2 + y) * 3 + x] = (byte) (40 * c + 10 * y + x);
                }
            }
        }
        TensorData t = TensorData.ofFloats(Shape.of(1, 2, 2, 3), nchw).nchwToNhwcFloats();
        assertThat(t.shape()).isEqualTo(Shape.of(1, 2, 3, 2));
        assertThat(t.floats()).containsExactly(0, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112);
        TensorData b = TensorData.ofBytes(DType.I8, Shape.of(1, 2, 2, 3), bytes).nchwToNhwcFloats();
        assertThat(b.dtype()).isEqualTo(DType.F32);
        assertThat(b.floats()).containsExactly(0, 40, 1, 41, 2, 42, 10, 50, 11, 51, 12, 52);
    }
}
