package baton.format;

import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.When;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
    void markdownThatIsNeitherIsRefusedSayingWhatItHas() throws Exception {
        String e = errors("notes.md", "# Meeting notes\n\n## Agenda\n- one\n- two\n");
        assertThat(e).startsWith(dir.resolve("notes.md") + ":1:1: a Markdown file with 2 headings, 1 list and no task list: not a cascade");
    }

    @Test
    void aRoadmapAsPeopleWriteItHasCheckboxesAndSettingsPerGroupAndTask() throws Exception {
        PipelineDef def = load("ROADMAP.md", """
                # EduConnect
                Worker: `./implement.sh`
                Gate: `./gate.sh`
                Timeout: 30m

                ## Phase 1: Foundation
                ### Group A: Database
                Concurrency: 1
                Retries: 2
                - [x] A1: Create the schema
                - [ ] A2: Set up the infrastructure
                  - Timeout: 5m
                  - Files: `infra/main.tf`, `infra/vars.tf`
                  - Acceptance criteria: it deploys
                - [ ] A3: Seed data
                  Retries: 0
                - [ ] A4: Backups
                ### Group B: Done already
                - [x] B1: Accounts
                """);
        PhaseDef a1 = def.phase("A1").orElseThrow();
        assertThat(a1.doneReason()).isEqualTo("checked in ROADMAP.md");
        assertThat(a1.timeout()).isEqualTo(Duration.ofMinutes(30));
        PhaseDef a2 = def.phase("A2").orElseThrow();
        assertThat(a2.doneReason()).isNull();
        assertThat(a2.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a2.retries().max()).isEqualTo(2);
        assertThat(a2.env()).containsEntry("TASK_FILES", "infra/main.tf, infra/vars.tf")
                .containsEntry("TASK_ACCEPTANCE_CRITERIA", "it deploys").containsEntry("TASK_DESCRIPTION", "");
        assertThat(def.phase("A3").orElseThrow().retries().max()).isZero();
        // Concurrency: 1 in group A: its unchecked tasks in one chain, each after the one before it, however that ended
        assertThat(a2.needs()).isEmpty();
        assertThat(def.phase("A3").orElseThrow().needs()).containsExactly(new Need("A2", When.ALWAYS, def.phase("A3").orElseThrow().pos()));
        assertThat(def.phase("A4").orElseThrow().needs()).extracting(Need::phase).containsExactly("A3");
        assertThat(def.phase("gate-A").orElseThrow().doneReason()).isNull();
        assertThat(def.phase("gate-A").orElseThrow().timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(def.phase("gate-B").orElseThrow().doneReason()).isEqualTo("every task of group B is checked in ROADMAP.md");
        assertThat(def.defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void tasksStraightUnderAPhaseHeadingMakeThatPhaseAGroup() throws Exception {
        PipelineDef def = load("plan.md", """
                # Plan
                Worker: `w`

                ## Overview
                - Goal: ship it

                ## Phase 1: Setup
                Concurrency: 2
                - [ ] 1.1: Repository
                - [ ] 1.2: CI
                - [ ] 1.3: Hosting
                """);
        assertThat(def.phases()).extracting(PhaseDef::id).containsExactly("1.1", "1.2", "1.3");
        assertThat(def.phase("1.1").orElseThrow().env()).containsEntry("TASK_GROUP", "1").containsEntry("TASK_PHASE", "1");
        assertThat(def.phase("1.1").orElseThrow().lane()).isEqualTo("Phase 1");
        assertThat(def.phase("1.3").orElseThrow().needs()).extracting(Need::phase).containsExactly("1.1");
    }

    @Test
    void roadmapFieldsThatCannotBeTakenAreLocatedWithAReason() throws Exception {
        String e = errors("ROADMAP.md", """
                # Roadmap: R
                Worker: `w`
                Concurency: 3

                ### Group A: G
                - A1: first
                  - Timout: 1s
                - A2: second
                  - Concurrency: 2
                  - Depends on: A1
                - A3: third
                  - Timeout: soon
                  - Title: other
                  - Files: a
                  - Files: b
                """);
        assertThat(e).contains("ROADMAP.md:3:1: unknown field 'Concurency' (did you mean 'Concurrency'?) under the title")
                .contains("ROADMAP.md:7:5: unknown task field 'Timout' (did you mean 'Timeout'?)")
                .contains("ROADMAP.md:9:5: 'Concurrency:' limits how many tasks of a group run at once: put it under the group heading")
                .contains("ROADMAP.md:10:5: 'Depends on:' has no meaning in a roadmap")
                .contains("ROADMAP.md:12:5: bad duration 'soon' for 'Timeout:'")
                .contains("ROADMAP.md:13:5: 'Title:' would replace TASK_TITLE")
                .contains("ROADMAP.md:15:5: task 'A3' has 'Files:' twice: keep one");
    }

    @Test
    void aCascadeHonoursMaxWorkersTimeoutsRetriesAndKeepsOtherFieldsForTheJob() throws Exception {
        PipelineDef def = load("CASCADE.md", """
                # Cascade: Nova
                Worker: `./worker.sh`
                Max workers: 2
                Timeout: 10m
                Retries: 1

                ## Group: Engine
                Timeout: 20m

                ### E1: Parser
                - Depends on: none
                - Timeout: 1s
                - Files: `src/parse.py`
                - Status: in progress

                ### E2: Checker
                **Owner:** Ana
                - Depends on: E1
                - Retries: 3

                ## Group: UI

                | ID | Task | Depends on | Timeout | Status |
                |----|------|------------|---------|--------|
                | U1 | View | E2 | 90s | todo |
                """);
        assertThat(def.concurrency()).isEqualTo(2);
        PhaseDef e1 = def.phase("E1").orElseThrow();
        assertThat(e1.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(e1.retries().max()).isEqualTo(1);
        assertThat(e1.env()).containsEntry("TASK_FILES", "src/parse.py").containsEntry("TASK_STATUS", "in progress");
        PhaseDef e2 = def.phase("E2").orElseThrow();
        assertThat(e2.timeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(e2.retries().max()).isEqualTo(3);
        assertThat(e2.env()).containsEntry("TASK_OWNER", "Ana").containsEntry("TASK_DESCRIPTION", "");
        PhaseDef u1 = def.phase("U1").orElseThrow();
        assertThat(u1.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(u1.env()).containsEntry("TASK_STATUS", "todo");
        assertThat(u1.needs()).extracting(Need::phase).containsExactly("E2");
    }

    @Test
    void cascadeFieldsThatCannotBeTakenAreLocatedWithAReason() throws Exception {
        String e = errors("CASCADE.md", """
                # Cascade: X
                Worker: `w`

                ## Group: G
                Max workers: 2

                ### A1: a
                - Retries: many
                - Max workers: 3
                - Group: other

                | ID | Task | Timout | Worker |
                |----|------|--------|--------|
                | T1 | t | 1s | x |
                """);
        assertThat(e).contains("CASCADE.md:5:1: 'Max workers:' limits the whole cascade: put it under the title")
                .contains("CASCADE.md:8:3: 'Retries:' takes a whole number from 0 to 1000, not 'many'")
                .contains("CASCADE.md:9:3: 'Max workers:' limits the whole cascade")
                .contains("CASCADE.md:10:3: 'Group:' would replace TASK_GROUP")
                .contains("CASCADE.md:12:14: unknown column 'Timout' (did you mean 'timeout'?)")
                .contains("CASCADE.md:12:23: column 'Worker' is the default command");
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
