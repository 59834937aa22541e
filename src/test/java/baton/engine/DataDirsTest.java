package baton.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirsTest {
    @Test
    void theOptionWinsThenBatonHomeThenXdgThenHome() {
        assertThat(DataDirs.resolve("/x/opt", Map.of("BATON_HOME", "/x/bh"))).isEqualTo(Path.of("/x/opt"));
        assertThat(DataDirs.resolve(null, Map.of("BATON_HOME", "/x/bh", "XDG_DATA_HOME", "/x/xdg"))).isEqualTo(Path.of("/x/bh"));
        assertThat(DataDirs.resolve(null, Map.of("XDG_DATA_HOME", "/x/xdg", "HOME", "/x/home"))).isEqualTo(Path.of("/x/xdg/baton"));
        assertThat(DataDirs.resolve(null, Map.of("HOME", "/x/home"))).isEqualTo(Path.of("/x/home/.local/share/baton"));
    }
}
