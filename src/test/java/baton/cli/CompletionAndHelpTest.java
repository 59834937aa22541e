package baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** 'baton completion' prints a bash script of the real verbs and options; every verb's help ends with an example; baton.sh without a display. */
class CompletionAndHelpTest {
    @TempDir Path dir;

    @Test
    void completionPrintsABashScriptWithEveryVerbAndOption() {
        var r = new CliFixture(dir.resolve("data")).baton("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_baton").contains("baton");
        CommandLine cl = BatonCli.commandLine(Map.of());
        for (var verb : cl.getSubcommands().entrySet()) {
            assertThat(r.out()).as("verb %s", verb.getKey()).contains(verb.getKey());
            for (var o : verb.getValue().getCommandSpec().options()) {
                for (String name : o.names()) assertThat(r.out()).as("option %s of %s", name, verb.getKey()).contains(name);
            }
        }
    }

    @Test
    void completionScriptLoadsInBashAndCompletesVerbsAndOptions() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")));
        Path script = Files.writeString(dir.resolve("baton-completion"), CompletionCommand.script());
        String test = "source " + script + "\n"
                + "COMP_WORDS=(baton re); COMP_CWORD=1; COMP_LINE='baton re'; COMP_POINT=8; _complete_baton; echo \"verbs: ${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(baton run --con); COMP_CWORD=2; COMP_LINE='baton run --con'; COMP_POINT=15; _complete_baton; echo \"run: ${COMPREPLY[*]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", test).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("verbs: ").containsPattern("verbs: .*retry").containsPattern("verbs: .*resume");
        assertThat(out).containsPattern("run: .*--concurrency");
    }

    @Test
    void everyVerbsHelpEndsWithAnExampleOfIt() {
        CommandLine cl = BatonCli.commandLine(Map.of());
        var fixture = new CliFixture(dir.resolve("data"));
        for (String verb : cl.getSubcommands().keySet()) {
            var r = fixture.baton("help", verb);
            assertThat(r.code()).as("baton help %s", verb).isZero();
            String example = r.out().substring(Math.max(0, r.out().indexOf("Example:")));
            assertThat(r.out()).as("baton help %s", verb).contains("Example:");
            assertThat(example).as("the example of %s", verb).contains("baton " + verb);
        }
        assertThat(fixture.baton("--help").out()).contains("Example:").contains("completion");
    }

    @Test
    void batonShWithoutADisplayListsTheHeadlessCommandsInsteadOfOpeningAWindow() throws Exception {
        Path sh = Path.of("baton.sh").toAbsolutePath();
        assumeTrue(Files.isExecutable(sh));
        ProcessBuilder pb = new ProcessBuilder(sh.toString()).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().remove("BATON_XVFB");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(2);
        assertThat(out).contains("no display").contains("./baton.sh run examples/course/course.baton.yaml")
                .contains("./baton.sh validate FILE").contains("./baton.sh runs").doesNotContain("setup:");
    }
}
