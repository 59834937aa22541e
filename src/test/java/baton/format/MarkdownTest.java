package baton.format;

import baton.model.PhaseDef;
import baton.model.PipelineDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarkdownTest {
    @TempDir Path dir;

    private PipelineDef load(String name, String text) throws Exception {
        return PipelineLoader.load(Files.writeString(dir.resolve(name), text)).definition();
    }

    private String errors(String name, String text) throws Exception {
        Path p = Files.writeString(dir.resolve(name), text);
        try {
            PipelineLoader.load(p);
        } catch (LoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected " + name + " to be refused");
    }

    @Test
    void aCascadeBecomesPhasesWithTheTaskVariables() throws Exception {
        PipelineDef def = load("tasks.md", Files.readString(Path.of("examples/cascade/CASCADE.md")));
        assertThat(def.id()).isEqualTo("Program-Nova");
        assertThat(def.concurrency()).isEqualTo(3);
        assertThat(def.phases()).extracting(PhaseDef::id).containsExactly("E1", "E2", "E3", "U1");
        PhaseDef e1 = def.phase("E1").orElseThrow();
        assertThat(e1.run()).isEqualTo("./worker.sh");
        assertThat(e1.lane()).isEqualTo("Engine");
        assertThat(e1.env()).containsEntry("TASK_ID", "E1").containsEntry("TASK_TITLE", "CASCADE parser")
                .containsEntry("TASK_DESCRIPTION", "Parse CASCADE.md into a task graph.").containsEntry("TASK_GROUP", "Engine")
                .containsEntry("TASK_BRANCH", "feature/parser").containsEntry("PROJECT_NAME", "Program Nova");
        assertThat(def.phase("E2").orElseThrow().env()).containsEntry("TASK_BRANCH", "feature/engine"); // the group's default
        PhaseDef u1 = def.phase("U1").orElseThrow();
        assertThat(u1.run()).isEqualTo("./worker.sh --ui");
        assertThat(u1.needs()).extracting(n -> n.phase()).containsExactly("E2", "E3");
        assertThat(u1.pos().line()).isEqualTo(22);
    }

    @Test
    void aCascadeMayBeOneTable() throws Exception {
        PipelineDef def = load("CASCADE.md", """
                # Cascade: Table
                Worker: `./w.sh`

                | ID | Task | Depends on | Group | Branch | Command |
                |----|------|------------|-------|--------|---------|
                | T1 | First | none | Core | main | |
                | T2 | Second | T1 | Core | | `make t2` |
                """);
        assertThat(def.phases()).extracting(PhaseDef::id).containsExactly("T1", "T2");
        assertThat(def.phase("T1").orElseThrow().run()).isEqualTo("./w.sh");
        assertThat(def.phase("T2").orElseThrow().run()).isEqualTo("make t2");
        assertThat(def.phase("T2").orElseThrow().needs()).extracting(n -> n.phase()).containsExactly("T1");
        assertThat(def.phase("T1").orElseThrow().env()).containsEntry("TASK_GROUP", "Core").containsEntry("TASK_BRANCH", "main");
    }

    @Test
    void cascadeErrorsAreLocatedAndSayWhatToDo() throws Exception {
        String e = errors("CASCADE.md", """
                # Cascade: Broken

                ## Group: A

                ### A1: First
                - Command: `true`

                ### A2: Second
                - Depends on: A9
                """);
        assertThat(e).contains("CASCADE.md:8:1: task 'A2' has nothing to run: add '- Command: `...`' under it, or a 'Worker: `...`' line");
        String unknown = errors("C2.md", "# Cascade: X\nWorker: `w`\n\n### A1: a\n### A2: b\n- Depends on: A3\n");
        assertThat(unknown).contains("C2.md:6:3: phase 'A2' needs unknown phase 'A3'");
        String cycle = errors("C3.md", "# Cascade: X\nWorker: `w`\n\n### A1: a\n- Depends on: A2\n### A2: b\n- Depends on: A1\n");
        assertThat(cycle).contains("cycle in needs: A1 -> A2 -> A1");
        String dup = errors("C4.md", "# Cascade: X\nWorker: `w`\n\n### A1: a\n### A1: b\n");
        assertThat(dup).contains("C4.md:5:1: duplicate phase id 'A1' (first defined at line 4)");
        String field = errors("C5.md", "# Cascade: X\nWorker: `w`\n\n### A1: a\n- Comand: `x`\n");
        assertThat(field).contains("C5.md:5:3: unknown task field 'Comand' (did you mean 'Command'?)");
    }

    @Test
    void aRoadmapRunsItsGroupsInOrderWithAGateAfterEach() throws Exception {
        PipelineDef def = load("plan.md", Files.readString(Path.of("examples/roadmap/ROADMAP.md")));
        assertThat(def.phases()).extracting(PhaseDef::id).containsExactly("A1", "A2", "gate-A", "B1", "B2", "gate-B", "C1", "gate-C");
        assertThat(def.phase("A1").orElseThrow().needs()).isEmpty();
        assertThat(def.phase("gate-A").orElseThrow().needs()).extracting(n -> n.phase()).containsExactly("A1", "A2");
        assertThat(def.phase("B1").orElseThrow().needs()).extracting(n -> n.phase()).containsExactly("gate-A");
        assertThat(def.phase("C1").orElseThrow().env()).containsEntry("TASK_PHASE", "2").containsEntry("TASK_GROUP", "C")
                .containsEntry("TASK_TITLE", "Course catalogue").containsEntry("PROJECT_NAME", "EduConnect");
        assertThat(def.phase("gate-B").orElseThrow().run()).isEqualTo("./gate.sh");
        assertThat(def.phase("B2").orElseThrow().lane()).isEqualTo("Group B");
    }

    @Test
    void aTaskLineThatCannotBeReadIsReportedNotDropped() throws Exception {
        String e = errors("ROADMAP.md", "# Roadmap: R\nWorker: `w`\n\n## Phase 1: P\n### Group A: G\n- A1: fine\n- just some words\n");
        assertThat(e).contains("ROADMAP.md:7:3: cannot read this task: write it as '- ID: title'");
    }

    @Test
    void markdownThatIsNeitherIsRefusedWithTheExpectedHeadings() throws Exception {
        String e = errors("notes.md", "# Meeting notes\n\n## Agenda\n- one\n- two\n");
        assertThat(e).isEqualTo(dir.resolve("notes.md") + ":1:1: a Markdown file, but not one Baton runs: its first heading must be "
                + "'# Cascade: NAME' (a task graph) or '# Roadmap: NAME' (groups of tasks run in order)");
    }

    @Test
    void aHugeMarkdownFileIsRefusedBeforeParsing() throws Exception {
        Path big = dir.resolve("ROADMAP.md");
        try (var out = Files.newBufferedWriter(big)) {
            out.write("# Roadmap: Big\nWorker: `w`\n## Phase 1: P\n### Group A: G\n");
            for (int i = 0; i < 1_000_000; i++) out.write("- A" + i + ": task number " + i + " with some words\n");
        }
        assertThatThrownBy(() -> PipelineLoader.load(big)).isInstanceOf(LoadException.class).hasMessageContaining("MB; pipeline files are limited to");
    }
}
