package baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Baton's own log files are the owner's alone, as everything in a data directory: those of a second process too. */
class LogFileTest {
    @TempDir Path dir;

    @Test
    void aSecondProcesssLogAndItsLockAreOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        Path logs = Files.createDirectories(data.resolve("logs"));
        // another process writes baton-0.log: its lock is held, so this one writes baton-0.log.1 (with a lock of its own)
        try (FileChannel held = FileChannel.open(logs.resolve("baton-0.log.lck"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var lock = held.lock()) {
            LogFile.useDataDir(data);
            System.getLogger("baton.test").log(System.Logger.Level.WARNING, "a line");
            List<Path> files;
            try (Stream<Path> all = Files.list(logs)) {
                files = all.filter(p -> !p.getFileName().toString().equals("baton-0.log.lck")).toList();
            }
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("baton-0.log.1", "baton-0.log.1.lck");
            for (Path f : files) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.getFileName().toString()).isEqualTo("rw-------");
            }
        }
    }
}
