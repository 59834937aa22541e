package baton.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What dropped files come to, decided from the files themselves. */
class DropHandlerTest {
    @TempDir Path dir;

    @Test
    void aFolderOrOnePipelineOpensAndInputsStartOneRunEach() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("steps"));
        Path yaml = Files.writeString(dir.resolve("p.yaml"), "pipeline: p\n");
        Path one = Files.writeString(dir.resolve("one.txt"), "one");
        Path two = Files.writeString(dir.resolve("two.txt"), "two");
        assertThat(DropHandler.decide(List.of(folder), true)).isEqualTo(new DropHandler.Drop.Open(folder));
        assertThat(DropHandler.decide(List.of(yaml), true)).isEqualTo(new DropHandler.Drop.Open(yaml));
        assertThat(DropHandler.decide(List.of(one, two), true)).isEqualTo(new DropHandler.Drop.RunEach(List.of(one, two)));
        assertThat(DropHandler.decide(List.of(one, two), false)).isEqualTo(new DropHandler.Drop.Refused("Drop one pipeline file at a time (2 were dropped)"));
    }

    @Test
    void binariesAndWhatCannotBeReadAreRefusedWithAReason() throws Exception {
        Path png = Files.write(dir.resolve("image.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        assertThat(DropHandler.decide(List.of(png), false)).isEqualTo(new DropHandler.Drop.Refused("image.png: is a binary file, not a pipeline"));
        assertThat(DropHandler.decide(List.of(dir.resolve("gone.yaml")), false))
                .isInstanceOfSatisfying(DropHandler.Drop.Refused.class, r -> assertThat(r.why()).startsWith("gone.yaml: cannot be read ("));
    }
}
