package dev.mnc.tensorio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import org.junit.jupiter.api.Test;

class PreprocessingFlagsTest {
    private static PreprocessingFlags flags(String preset, String resize, Boolean crop) {
        return new PreprocessingFlags(preset, resize, crop, null, null, null, false, null);
    }

    @Test
    void noFlagsMeansNoPreprocessing() {
        assertThat(flags(null, null, null).resolve()).isNull();
    }

    @Test
    void aShorterSideCropsAndAnExactSizeStretchesUnlessTold() {
        Preprocessing side = flags(null, "256", null).resolve();
        assertThat(side.resize()).isEqualTo(Preprocessing.Resize.SHORTER_SIDE);
        assertThat(side.resizeSize()).isEqualTo(256);
        assertThat(side.crop()).isTrue();
        Preprocessing exact = flags(null, "48x192", null).resolve();
        assertThat(exact.resize()).isEqualTo(Preprocessing.Resize.EXACT);
        assertThat(exact.resizeHeight()).isEqualTo(48);
        assertThat(exact.resizeWidth()).isEqualTo(192);
        assertThat(exact.crop()).isFalse();
        assertThat(flags(null, "48x192", true).resolve().crop()).isTrue();
        assertThat(flags("torchvision", null, false).resolve().crop()).isFalse();
    }

    @Test
    void overridesApplyOnTopOfThePreset() {
        Preprocessing p = new PreprocessingFlags("torchvision", null, null, new float[] {1, 1, 1}, null, 0.5f, true,
                "nearest").resolve();
        assertThat(p.mean()).containsExactly(1, 1, 1);
        assertThat(p.std()).containsExactly(Preprocessing.torchvision().std());
        assertThat(p.describe()).isNotEqualTo(Preprocessing.torchvision().describe());
    }

    @Test
    void malformedValuesAreNamed() {
        assertThatThrownBy(() -> flags(null, "48x", null).resolve()).isInstanceOf(MncException.class)
                .hasMessageContaining("'48x'");
        assertThatThrownBy(() -> flags(null, "big", null).resolve()).hasMessageContaining("N or HxW");
        assertThatThrownBy(() -> new PreprocessingFlags(null, null, null, null, null, null, false, "cubic").resolve())
                .hasMessageContaining("'cubic'");
        assertThatThrownBy(() -> flags("imagenet", null, null).resolve()).isInstanceOf(MncException.class);
    }
}
