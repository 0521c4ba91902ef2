package dev.mnc.tensorio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorData;
import com.sun.management.ThreadMXBean;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {

    /** A 40x30 image where each pixel's RGB encodes its position, so crops can be located exactly. */
    private static BufferedImage positional(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 5) << 16 | (y * 7) << 8 | 100);
            }
        }
        return img;
    }

    @Test
    void noneWithCropTakesTheCentreAndKeepsRawValuesInNchw() {
        RgbImage img = ImageDecoder.toRgb(positional(40, 30, BufferedImage.TYPE_INT_RGB));
        Preprocessing p = Preprocessing.none().withCrop(true);
        TensorData t = new Preprocessor(p, 10, 20, true).apply(img);
        assertThat(t.shape()).isEqualTo(Shape.of(1, 3, 10, 20));
        float[] v = t.floats();
        // Centre crop of 20x10 from 40x30: left = 10, top = 10.
        assertThat(v[0]).isEqualTo(10 * 5);
        assertThat(v[200]).isEqualTo(10 * 7);
        assertThat(v[400]).isEqualTo(100);
        assertThat(v[199]).isEqualTo(29 * 5); // last pixel of R plane: x = 10 + 19
    }

    @Test
    void torchvisionNormalizesPerChannelAndNhwcInterleaves() {
        RgbImage img = ImageDecoder.toRgb(positional(8, 8, BufferedImage.TYPE_INT_RGB));
        Preprocessing p = Preprocessing.torchvision().withShorterSide(8);
        TensorData nchw = new Preprocessor(p, 8, 8, true).apply(img);
        TensorData nhwc = new Preprocessor(p, 8, 8, false).apply(img);
        assertThat(nhwc.shape()).isEqualTo(Shape.of(1, 8, 8, 3));
        float r = (0 / 255f - 0.485f) / 0.229f;
        float b = (100 / 255f - 0.406f) / 0.225f;
        assertThat(nchw.floats()[0]).isCloseTo(r, within(1e-6f));
        assertThat(nchw.floats()[128]).isCloseTo(b, within(1e-6f));
        for (int i = 0; i < 64; i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(nhwc.floats()[i * 3 + c]).isEqualTo(nchw.floats()[c * 64 + i]);
            }
        }
        TensorData bgr = new Preprocessor(p.withBgr(true).withMean(new float[3]).withStd(new float[] {1, 1, 1}),
                8, 8, true).apply(img);
        assertThat(bgr.floats()[0]).isCloseTo(100 / 255f, within(1e-6f));
    }

    @Test
    void torchvisionResizesTheShorterSideToSizeOver0875ThenCrops() {
        RgbImage img = ImageDecoder.toRgb(positional(300, 200, BufferedImage.TYPE_INT_RGB));
        Preprocessor pre = new Preprocessor(Preprocessing.torchvision(), 224, 224, true);
        assertThat(pre.apply(img).shape()).isEqualTo(Shape.of(1, 3, 224, 224));
        RgbImage tall = ImageDecoder.toRgb(positional(20, 300, BufferedImage.TYPE_INT_RGB));
        assertThat(new Preprocessor(Preprocessing.tf(), 160, 160, false).apply(tall).shape())
                .isEqualTo(Shape.of(1, 160, 160, 3));
    }

    @Test
    void tfPresetMapsPixelsToMinusOneToOne() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, 0xff0000 | 0x0000ff);
            }
        }
        TensorData t = new Preprocessor(Preprocessing.tf().withShorterSide(4), 4, 4, true).apply(ImageDecoder.toRgb(img));
        assertThat(t.floats()[0]).isEqualTo(1f);
        assertThat(t.floats()[16]).isEqualTo(-1f);
        assertThat(t.floats()[32]).isEqualTo(1f);
    }

    @Test
    void grayscaleIsReplicatedWithoutGammaAndAlphaIsDropped(@TempDir Path dir) throws Exception {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 50);
        gray.getRaster().setSample(1, 0, 0, 200);
        Path png = dir.resolve("g.png");
        ImageIO.write(gray, "png", png.toFile());
        RgbImage g = ImageDecoder.read(png);
        assertThat(g.get(0, 0, 0)).isEqualTo(50);
        assertThat(g.get(0, 0, 2)).isEqualTo(50);
        assertThat(g.get(1, 0, 1)).isEqualTo(200);

        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x10203040);
        Path a = dir.resolve("a.png");
        ImageIO.write(argb, "png", a.toFile());
        RgbImage rgb = ImageDecoder.read(a);
        assertThat(new int[] {rgb.get(0, 0, 0), rgb.get(0, 0, 1), rgb.get(0, 0, 2)}).containsExactly(0x20, 0x30, 0x40);
    }

    @Test
    void badImagesAndBadSizesAreClearErrors(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("fake.jpg");
        Files.writeString(fake, "this is not a picture");
        Preprocessor pre = new Preprocessor(Preprocessing.torchvision(), 224, 224, true);
        assertThatThrownBy(() -> pre.apply(fake)).isInstanceOf(MncException.class)
                .hasMessageStartingWith(fake + ": not a readable image");
        Path small = dir.resolve("small.png");
        ImageIO.write(positional(40, 30, BufferedImage.TYPE_INT_RGB), "png", small.toFile());
        assertThatThrownBy(() -> new Preprocessor(Preprocessing.none(), 224, 224, true).apply(small))
                .hasMessageContaining("image is 40x30 after resizing but the model takes 224x224");
        assertThatThrownBy(() -> Preprocessor.forInputShape(Preprocessing.none(), new long[] {1, 1000}, "x"))
                .hasMessageContaining("use .npy files");
    }

    /** Found by ImageFuzzTest: one flipped bit of a PNG's height made javax.imageio allocate 1.5 GB before failing. */
    @Test
    void aForgedSizeIsRefusedFromTheHeaderBeforeDecoding(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(positional(48, 32, BufferedImage.TYPE_INT_ARGB), "png", out);
        byte[] png = out.toByteArray();
        // IHDR's data starts at byte 16: width, then height, big-endian; its CRC follows the 13 data bytes.
        ByteBuffer.wrap(png).putInt(20, 8_388_640);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        Path file = Files.write(dir.resolve("tall.png"), png);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> ImageDecoder.read(file)).isExactlyInstanceOf(MncException.class)
                .hasMessage(file + ": image of 48x8388640 pixels is larger than the 100 M pixels mnc decodes; "
                        + "scale it down first");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(16 << 20);
    }

    /** Scaling the shorter side of a 20000x1 line up to 256 would make a 5120000x256 image. */
    @Test
    void aVeryThinImageIsRefusedBeforeResizing(@TempDir Path dir) throws Exception {
        Path line = dir.resolve("line.png");
        ImageIO.write(positional(20000, 1, BufferedImage.TYPE_INT_RGB), "png", line.toFile());
        assertThatThrownBy(() -> new Preprocessor(Preprocessing.torchvision(), 224, 224, true).apply(line))
                .isExactlyInstanceOf(MncException.class)
                .hasMessage(line + ": image of 20000x1 would be 5120000x256 after resizing, more than 50 M pixels; crop it "
                        + "to a usual aspect ratio or resize it with --resize HxW");
    }

    @Test
    void aMissingFileIsNamedAsSuch(@TempDir Path dir) {
        assertThatThrownBy(() -> ImageDecoder.read(dir.resolve("gone.png"))).isExactlyInstanceOf(MncException.class)
                .hasMessage(dir.resolve("gone.png") + ": file not found");
    }

    @Test
    void folderListingIsSortedAndFiltered(@TempDir Path dir) throws Exception {
        for (String n : List.of("b.png", "a.JPG", "c.npy", "index.csv", ".hidden.png")) {
            Files.write(dir.resolve(n), new byte[] {0});
        }
        var entries = InputFolder.list(dir);
        assertThat(entries).extracting(e -> e.path().getFileName().toString()).containsExactly("a.JPG", "b.png", "c.npy");
        assertThat(entries.get(2).isNpy()).isTrue();
        assertThat(entries.get(0).stem()).isEqualTo("a");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> InputFolder.list(empty)).hasMessageContaining("no inputs found");
        assertThatThrownBy(() -> InputFolder.list(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }
}
