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

    private static final List<String> TXT = List.of("*.txt");

    @Test
    void aFolderOrOnePipelineOpensAndInputsStartOneRunEach() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("steps"));
        Path yaml = Files.writeString(dir.resolve("p.yaml"), "pipeline: p\n");
        Path one = Files.writeString(dir.resolve("one.txt"), "one");
        Path two = Files.writeString(dir.resolve("two.txt"), "two");
        assertThat(DropHandler.decide(List.of(folder), TXT)).isEqualTo(new DropHandler.Drop.Open(folder));
        assertThat(DropHandler.decide(List.of(yaml), TXT)).isEqualTo(new DropHandler.Drop.Open(yaml));
        assertThat(DropHandler.decide(List.of(one, two), TXT)).isEqualTo(new DropHandler.Drop.RunEach(List.of(one, two)));
        assertThat(DropHandler.decide(List.of(one, two), List.of())).isEqualTo(new DropHandler.Drop.Refused("Drop one pipeline file at a time (2 were dropped)"));
    }

    @Test
    void anInputThatIsBinaryOrOfAnotherKindStartsNothing() throws Exception {
        Path text = Files.writeString(dir.resolve("three.txt"), "three");
        Path binary = Files.write(dir.resolve("data.txt"), new byte[]{'a', 0, 'b'});
        Path other = Files.writeString(dir.resolve("notes.md"), "notes");
        assertThat(DropHandler.decide(List.of(text, binary), TXT)).isEqualTo(new DropHandler.Drop.Refused(
                "Nothing was started: data.txt is a binary file; the pipeline takes text input (*.txt)"));
        assertThat(DropHandler.decide(List.of(other), TXT)).isEqualTo(new DropHandler.Drop.Refused(
                "Nothing was started: notes.md does not match the pipeline's input (*.txt)"));
    }

    @Test
    void binariesAndWhatCannotBeReadAreRefusedWithAReason() throws Exception {
        Path png = Files.write(dir.resolve("image.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        assertThat(DropHandler.decide(List.of(png), List.of())).isEqualTo(new DropHandler.Drop.Refused("image.png: is a binary file, not a pipeline"));
        assertThat(DropHandler.decide(List.of(dir.resolve("gone.yaml")), List.of()))
                .isInstanceOfSatisfying(DropHandler.Drop.Refused.class, r -> assertThat(r.why()).startsWith("gone.yaml: cannot be read ("));
    }
}
