package baton.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir Path dir;

    @Test
    void theWindowOpensForNoArgumentOrAnExistingFileOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "pipeline: p\n");
        assertThat(Main.opensWindow(new String[]{})).isTrue();
        assertThat(Main.opensWindow(new String[]{file.toString()})).isTrue();
        assertThat(Main.opensWindow(new String[]{dir.resolve("missing.yaml").toString()})).isFalse();
        assertThat(Main.opensWindow(new String[]{"runs"})).isFalse();
        assertThat(Main.opensWindow(new String[]{"--help"})).isFalse();
        assertThat(Main.opensWindow(new String[]{"run", file.toString()})).isFalse();
    }
}
