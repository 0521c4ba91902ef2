package dev.mnc.tensorio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnc.ir.TensorData;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    private static TensorData fixture(String name) throws Exception {
        try (InputStream in = ResamplerTest.class.getResourceAsStream(name)) {
            return Npy.parse(in.readAllBytes());
        }
    }

    /** Pillow's own output (see the fixture README) is the oracle: our PIL filter must match it exactly. */
    @ParameterizedTest
    @CsvSource({"5,7", "20,4", "13,30", "4,4"})
    void pilBilinearMatchesPillowBitForBit(int w, int h) throws Exception {
        TensorData src = fixture("pil_source_13x9.npy");
        RgbImage img = new RgbImage(13, 9, src.bytes());
        TensorData expected = fixture("pil_bilinear_" + w + "x" + h + ".npy");
        FloatImage out = Resampler.resize(img, w, h, Resampler.Filter.PIL_BILINEAR);
        assertThat(out.width()).isEqualTo(w);
        assertThat(out.height()).isEqualTo(h);
        byte[] want = expected.bytes();
        float[] got = out.data();
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("sample %d", i).isEqualTo(want[i] & 0xff);
        }
    }
}
