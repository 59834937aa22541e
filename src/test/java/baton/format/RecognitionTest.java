package baton.format;

import baton.BatonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Files are recognised by their structure, not their first line (the "migrating users" issue, item 6). */
class RecognitionTest {
    @TempDir Path dir;

    private LoadedPipeline load(String name, String text) throws Exception {
        return PipelineLoader.load(Files.writeString(dir.resolve(name), text));
    }

    private String errors(String name, String text) throws Exception {
        try {
            load(name, text);
        } catch (LoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected " + name + " to be refused");
    }

    private static final String README = """
            # Baton

            A pipeline manager. A pipeline: looks like this:

            ```yaml
            pipeline: demo
            phases:
              - id: a
                run: [unclosed
            ```

            ## Install

            - download it
            - run it

            ## Use

            1. open a file
            2. press Run

            ### Notes
            Nothing here is a task.
            """;

    @Test
    void aYamlPipelineThatOpensWithACommentIsAPipeline() throws Exception {
        LoadedPipeline p = load("build.yaml", """
                # Build the documentation
                # owner: docs team

                pipeline: docs
                phases:
                  - id: build
                    run: "true"
                """);
        assertThat(p.format()).isEqualTo(PipelineFormat.YAML);
        assertThat(p.definition().id()).isEqualTo("docs");
    }

    @Test
    void aBrokenYamlPipelineThatOpensWithAHeadingLikeCommentGetsItsSyntaxError() throws Exception {
        String e = errors("build.yaml", "# Build the documentation\n\npipeline: docs\nphases:\n  - id: build\n    run: [unclosed\n");
        assertThat(e).matches("(?s).*build\\.yaml:\\d+:\\d+: syntax error: .*").doesNotContain("Markdown");
    }

    @Test
    void aReadmeIsRefusedSayingWhatWasFoundAndWhatEachFormatNeeds() throws Exception {
        String e = errors("README.md", README);
        assertThat(e).isEqualTo(dir.resolve("README.md") + ":1:1: a Markdown file with 4 headings, 2 lists and no task list:"
                + " not a cascade (needs '### ID: title' tasks with 'Depends on:' lines, or a table with ID and Task columns)"
                + " nor a roadmap (needs '### Group X: …' headings with '- ID: title' items); to run it as one anyway, give it the title"
                + " '# Cascade: NAME' or '# Roadmap: NAME'");
    }

    @Test
    void validatingAReadmeExitsTwoWithTheExplanation() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), README);
        Process p = new ProcessBuilder(BatonProcess.command("validate", readme.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).startsWith(readme + ":1:1: a Markdown file with 4 headings, 2 lists and no task list: not a cascade");
    }

    @Test
    void cascadeTaskHeadingsWithoutDependenciesAreNamedInTheRefusal() throws Exception {
        String e = errors("notes.md", "# Plan\n\n### E1: parser\nSome words.\n\n### E2: checker\n");
        assertThat(e).contains("notes.md:1:1: a Markdown file with 3 headings, 2 '### ID: title' headings but no 'Depends on:' line: not a cascade");
    }

    @Test
    void aRoadmapIsRecognisedByItsGroupsOfTasksWhateverItsTitle() throws Exception {
        LoadedPipeline p = load("plan.md", """
                # EduConnect: the plan
                Worker: `./implement.sh`

                ## Phase 1: Foundation
                ### Database
                - [ ] A1: Create the schema
                """);
        assertThat(p.format()).isEqualTo(PipelineFormat.ROADMAP);
        assertThat(p.definition().title()).isEqualTo("EduConnect: the plan");
        assertThat(p.definition().phases()).extracting(ph -> ph.id()).containsExactly("A1");
    }

    @Test
    void aCascadeIsRecognisedByItsDependenciesOrItsTaskTableWhateverItsTitle() throws Exception {
        assertThat(load("a.md", "# Nova\nWorker: `w`\n\n### E1: parser\n- Depends on: none\n### E2: checker\n- Depends on: E1\n").format())
                .isEqualTo(PipelineFormat.CASCADE);
        assertThat(load("b.md", "# Nova\nWorker: `w`\n\n| ID | Task |\n|----|------|\n| T1 | first |\n").format())
                .isEqualTo(PipelineFormat.CASCADE);
    }

    @Test
    void proseListsWithColonsDoNotMakeARoadmap() throws Exception {
        assertThat(errors("features.md", "# Tool\n\n## Features\n- Fast: it is fast\n- Safe: it is safe\n"))
                .contains("a Markdown file with 2 headings, 1 list and no task list");
    }

    @Test
    void aHeadingOnlyFileIsStillReadAsYamlComments() throws Exception {
        assertThat(errors("q.yaml", "\n# only a comment\n")).contains("q.yaml:1:1: the file is empty");
    }
}
