package baton.engine.trust;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Which files a command names: a static reading of its words, as sh quotes them, without expansion. */
class CommandFilesTest {
    @TempDir Path dir;

    private Path file(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, name);
    }

    @Test
    void scriptsRunDirectlyOrThroughAnInterpreterAreFoundWhateverTheQuoting() throws Exception {
        Path step = file("phases/step.sh");
        Path parse = file("tools/parse.py");
        Path x = file("x.sh");
        Path spaced = file("my tools/a b.sh");
        assertThat(CommandFiles.named("./phases/step.sh --fast", dir)).containsExactly(step);
        assertThat(CommandFiles.named("python3 \"tools/parse.py\" && bash x.sh;sh 'my tools/a b.sh'", dir))
                .containsExactly(parse, x, spaced);
        assertThat(CommandFiles.named("FOO=1 my\\ tools/a\\ b.sh | ./phases/step.sh", dir)).containsExactly(spaced, step);
    }

    @Test
    void wordsKnownOnlyAtRunTimeRedirectionTargetsAbsolutePathsAndCommentsAreLeftOut() throws Exception {
        file("out.txt");
        file("in.txt");
        file("x.sh");
        file("x1.sh");
        assertThat(CommandFiles.named("echo \"$BATON_INPUT\" > out.txt 2>&1 < in.txt", dir)).isEmpty();
        assertThat(CommandFiles.named("sh x*.sh; sh `echo x.sh`; sh $PWD/x.sh; /bin/sh " + dir.resolve("x.sh"), dir)).isEmpty();
        assertThat(CommandFiles.named("echo hi # sh x.sh", dir)).isEmpty();
        assertThat(CommandFiles.named("sh phases", dir)).as("a folder is not a script").isEmpty();
    }

    @Test
    void wordsSplitAsShQuotesThem() {
        assertThat(CommandFiles.words("a 'b c' \"d\\\"e\" f\\ g 2>err h#i"))
                .extracting(CommandFiles.Word::text).containsExactly("a", "b c", "d\"e", "f g", "err", "h#i");
        assertThat(CommandFiles.words("cat \"$X\" >>log ~/y")).extracting(w -> w.text() + ":" + w.plain() + ":" + w.redirected())
                .containsExactly("cat:true:false", "$X:false:false", "log:true:true", "~/y:false:false");
    }
}
