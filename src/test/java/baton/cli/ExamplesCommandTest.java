package baton.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** 'baton examples [DIR]': the headless way to the examples the window copies on its first start. */
class ExamplesCommandTest {
    @TempDir Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir.resolve("data"));
    }

    @Test
    void copiesTheExamplesRunnableAndSaysWhatToTypeNext() throws Exception {
        Path to = dir.resolve("mine");
        var r = cli.baton("examples", to.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        Path course = to.resolve("course").resolve("course.baton.yaml");
        assertThat(course).isRegularFile();
        assertThat(to.resolve("cascade").resolve("CASCADE.md")).isRegularFile();
        assertThat(to.resolve("roadmap").resolve("ROADMAP.md")).isRegularFile();
        assertThat(Files.isExecutable(to.resolve("course").resolve("phases").resolve("step.sh"))).isTrue();
        assertThat(r.out()).contains("Copied ").contains(to.resolve("course") + "/")
                .contains("Next: baton run " + course);
        // what it wrote runs as it says
        var run = cli.baton("run", course.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
    }

    @Test
    void refusesAFolderThatHoldsSomethingAndFillsAnEmptyOne() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine\n");
        var no = cli.baton("examples", full.toString());
        assertThat(no.code()).isEqualTo(2);
        assertThat(no.err()).contains(full + " already exists and is not empty").contains("nothing was copied");
        assertThat(no.out()).isEmpty();
        try (var s = Files.list(full)) {
            assertThat(s.toList()).containsExactly(full.resolve("notes.txt"));
        }
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(cli.baton("examples", file.toString()).code()).isEqualTo(2);

        Path empty = Files.createDirectories(dir.resolve("empty"));
        var ok = cli.baton("examples", empty.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(empty.resolve("course").resolve("course.baton.yaml")).isRegularFile();
    }

    @Test
    void helpNamesTheVerb() {
        var help = cli.baton("--help");
        assertThat(help.out()).contains("examples");
        var own = cli.baton("examples", "--help");
        assertThat(own.code()).isZero();
        assertThat(own.out()).contains("baton examples [-hV] [DIR]");
    }
}
