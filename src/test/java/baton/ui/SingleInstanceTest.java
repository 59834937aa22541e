package baton.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SingleInstanceTest {
    @TempDir Path dir;

    @Test
    void aSecondStartHandsItsFileToTheFirstWindow() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        try (SingleInstance first = SingleInstance.listen(dir, received::add)) {
            assertThat(SingleInstance.handOff(dir, "course.yaml")).isTrue();
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(Path.of("course.yaml").toAbsolutePath().toString());
        }
        // the window has gone: the next start becomes the window itself
        assertThat(SingleInstance.handOff(dir, "x.yaml")).isFalse();
    }

    @Test
    void aWrongTokenIsRefusedAndAStaleLockIsIgnored() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        try (SingleInstance first = SingleInstance.listen(dir, received::add)) {
            String port = Files.readAllLines(dir.resolve("window.lock")).getFirst();
            Files.writeString(dir.resolve("window.lock"), port + "\nnot-the-token\n");
            assertThat(SingleInstance.handOff(dir, "evil.yaml")).isFalse();
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
        Files.writeString(dir.resolve("window.lock"), "1\nstale\n");
        assertThat(SingleInstance.handOff(dir, "x.yaml")).isFalse();
    }
}
