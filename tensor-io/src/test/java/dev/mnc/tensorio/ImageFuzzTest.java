package dev.mnc.tensorio;

import dev.mnc.ir.MncException;
import dev.mnc.testdata.fuzz.ByteMutators;
import dev.mnc.testdata.fuzz.FuzzCampaign;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes image input ({@link Preprocessor#apply(Path)}: {@link ImageDecoder} and torchvision
 * preprocessing) with damaged PNG, JPEG and BMP files that javax.imageio writes here: RGB, gray,
 * palette, RGBA and 16-bit gray PNGs, RGB and gray JPEGs, 24-bit and palette BMPs. Each damaged
 * file must be preprocessed or refused with an {@link MncException} whose one-line message starts
 * with the file's path; anything else (an exception from inside javax.imageio, an out-of-memory
 * error from a forged size) or a case running over 5 s fails.
 *
 * <p>On demand: {@code mvn -q verify -Dmnc.fuzz.cases=10000 -pl tensor-io -am -Dtest=ImageFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ImageFuzzTest {
    @TempDir
    Path dir;

    /** A 48x32 image of smooth gradients and a few edges: compresses like a photo, not like noise. */
    private static BufferedImage picture(int type) {
        BufferedImage img = new BufferedImage(48, 32, type);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int r = x * 5;
                int g = y * 7;
                int b = (x / 8 + y / 8) % 2 == 0 ? 40 : 200;
                img.setRGB(x, y, 0x80 << 24 | r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("javax.imageio cannot write " + format + " from type " + img.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void pngJpegAndBmpFiles() {
        Path file = dir.resolve("fuzz-image");
        Preprocessor p = new Preprocessor(Preprocessing.torchvision().withShorterSide(40), 32, 32, true);
        FuzzCampaign.named("image")
                .seed("rgb.png", encode(picture(BufferedImage.TYPE_INT_RGB), "png"))
                .seed("gray.png", encode(picture(BufferedImage.TYPE_BYTE_GRAY), "png"))
                .seed("palette.png", encode(picture(BufferedImage.TYPE_BYTE_INDEXED), "png"))
                .seed("rgba.png", encode(picture(BufferedImage.TYPE_INT_ARGB), "png"))
                .seed("gray16.png", encode(picture(BufferedImage.TYPE_USHORT_GRAY), "png"))
                .seed("rgb.jpg", encode(picture(BufferedImage.TYPE_INT_RGB), "jpg"))
                .seed("gray.jpg", encode(picture(BufferedImage.TYPE_BYTE_GRAY), "jpg"))
                .seed("rgb.bmp", encode(picture(BufferedImage.TYPE_3BYTE_BGR), "bmp"))
                .seed("palette.bmp", encode(picture(BufferedImage.TYPE_BYTE_INDEXED), "bmp"))
                .mutators(ByteMutators.all())
                .target(bytes -> {
                    Files.write(file, bytes);
                    p.apply(file);
                })
                .typedErrors(MncException.class)
                .messagesStartWith(file.toString())
                .defaultCases(2000)
                .run()
                .assertNoFailures();
    }
}
