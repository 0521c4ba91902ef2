package dev.mnc.driver;

import dev.mnc.testdata.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The split the real-model tests use on the shared ImageNet images: the first 100 (index order)
 * calibrate, the other 100 measure, so no measured image was ever seen by calibration.
 */
final class ImageNetSplit {
    private ImageNetSplit() {}

    /** A folder holding copies of the calibration half, as a user's --calibration-data would. */
    static Path calibrationFolder(Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("calibration"));
        for (SharedData.ImageEntry e : SharedData.imagenet200().subList(0, 100)) {
            Files.copy(e.file(), dir.resolve(e.file().getFileName()));
        }
        return dir;
    }

    /** The measured half. */
    static List<SharedData.ImageEntry> evaluation() {
        return SharedData.imagenet200().subList(100, 200);
    }
}
