package baton.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * H2 and the logs keep writing to files that were deleted or moved (they stay open), so a run
 * would end "successfully" with its history gone. The data directory's identity (device and
 * inode) is kept when it is opened; {@link #check}, run once a second, tells {@code lost} why
 * once it is no longer the folder that was opened.
 */
final class DataDirWatch {
    private final Path dataDir;
    /** Null when it cannot be told (no file keys on this file system): then nothing is watched. */
    private final Object key;
    private final Consumer<String> lost;
    private volatile boolean told;

    DataDirWatch(Path dataDir, Consumer<String> lost) {
        this.dataDir = dataDir;
        this.key = fileKey(dataDir);
        this.lost = lost;
    }

    void check() {
        if (told || key == null) return;
        Object now = fileKey(dataDir);
        if (key.equals(now)) return;
        told = true;
        lost.accept("the data directory " + dataDir + " was deleted or moved" + (now == null ? "" : " (a new folder stands in its place)")
                + " while Baton was using it: its runs stopped (their history went with the folder); open it where it is now with --data-dir");
    }

    private static Object fileKey(Path dir) {
        try {
            return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            // gone (that is what is watched for), or never readable: no key, which counts as "not the folder opened"
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "cannot read the identity of " + dir, e);
            return null;
        }
    }
}
