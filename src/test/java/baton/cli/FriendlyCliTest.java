package baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's own mistakes read as Baton's, with a way out (issue: a newcomer's first hour, item 2). */
class FriendlyCliTest {
    @TempDir Path dir;

    @Test
    void aMistypedVerbGetsASuggestion() {
        var r = new CliFixture(dir.resolve("data")).baton("rn", "x.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("baton: unknown verb 'rn' (did you mean 'run'?)").doesNotContain("Unmatched");
    }

    @Test
    void aParamWithoutAnEqualsSignSaysWhatItTakes() throws Exception {
        Path p = Files.writeString(dir.resolve("p.yaml"), "pipeline: p\nparams: { venue: hall }\nphases:\n  - id: a\n    run: \"true\"\n");
        var r = new CliFixture(dir.resolve("data")).baton("run", p.toString(), "--param", "nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("baton: --param takes NAME=VALUE (for example --param venue=garden), not 'nope'")
                .doesNotContain("option option");
    }

    @Test
    void theVersionIsThePomsAsThePackageSaysIt() {
        var r = new CliFixture(dir.resolve("data")).baton("--version");
        assertThat(r.out().strip()).matches("Baton \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void everyVerbHasItsOwnHelp() {
        var r = new CliFixture(dir.resolve("data")).baton("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("FILE").contains("the pipeline to run");
    }
}
