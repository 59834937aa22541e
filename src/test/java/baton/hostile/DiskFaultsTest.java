package baton.hostile;

import baton.engine.Engine;
import baton.engine.EngineFixture;
import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.RunOptions;
import baton.format.PipelineLoader;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full disk pauses the run (or fails the job whose output could not be kept) with a clear
 * message; Baton goes on serving and loses nothing committed. A data directory deleted under a
 * run stops it at once, saying why (issue: local security, item 6). The small disk is a tmpfs
 * mounted by the test, so these need root.
 */
class DiskFaultsTest {
    @TempDir Path dir;
    private Path mount;

    private Path smallDisk(String size) throws Exception {
        Assumptions.assumeTrue(DataDirSecurityTest.isRoot(), "needs root to mount a small tmpfs as a full disk");
        mount = Files.createDirectories(dir.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here: " + out);
        return mount;
    }

    @AfterEach
    void unmount() throws Exception {
        System.clearProperty("baton.diskReserve");
        if (mount != null) new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Fills the disk, then writes its log. The second waits a second: the store writes its tables
     * a moment after each step (decision 0016), and the step after they failed is what pauses.
     */
    private static final String FILL = """
            pipeline: fill
            phases:
              - id: fill
                run: echo start; dd if=/dev/zero of=$BATON_RUN_DIR/big bs=1M count=64 2>&1; sleep 1; seq 1 5000
              - id: next
                needs: [fill]
                run: echo next
            """;

    private static final String SMALL = """
            pipeline: small
            phases:
              - id: one
                run: echo one
            """;

    private static RunListener notesInto(List<String> notes) {
        return events -> events.forEach(e -> {
            if (e instanceof RunEvent.RunNote n) notes.add(n.text());
        });
    }

    @Test
    void aFullDiskPausesTheRunFailsTheJobWhoseLogWasLostAndBatonGoesOnServing() throws Exception {
        Path disk = smallDisk("8m");
        System.setProperty("baton.diskReserve", "0"); // no early guard: the writes themselves hit the full disk
        Path data = disk.resolve("data");
        List<String> notes = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.open(data)) {
            var before = engine.start(PipelineLoader.load(Files.writeString(dir.resolve("small.yaml"), SMALL)), RunOptions.defaults(), List.of());
            assertThat(before.await()).isEqualTo(RunStatus.SUCCEEDED);

            var full = engine.start(PipelineLoader.load(Files.writeString(dir.resolve("fill.yaml"), FILL)), RunOptions.defaults(), List.of(notesInto(notes)));
            await().atMost(Duration.ofSeconds(30)).until(() -> notes.stream().anyMatch(n -> n.startsWith("paused:")));
            assertThat(notes.getFirst()).contains("No space left on device").contains(data.toString());
            deleteBigFiles(data);
            assertThat(full.done().get(30, TimeUnit.SECONDS)).isEqualTo(RunStatus.FAILED);
            assertThat(notes).anySatisfy(n -> assertThat(n).contains("goes on"));
            var fill = engine.jobs(full.id()).stream().filter(j -> j.id().equals("fill")).findFirst().orElseThrow();
            assertThat(fill.status()).isEqualTo(JobStatus.FAILED);
            assertThat(fill.error()).contains("cannot write the job's log").contains("the disk is full");

            var after = engine.start(PipelineLoader.load(dir.resolve("small.yaml")), RunOptions.defaults(), List.of());
            assertThat(after.await()).as("the same Baton goes on serving").isEqualTo(RunStatus.SUCCEEDED);
        }
        try (Engine reopened = Engine.open(data)) {
            assertThat(reopened.runs(10)).extracting(r -> r.status()).containsExactly(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.SUCCEEDED);
        }
    }

    @Test
    void aNearlyFullDiskHoldsBackTheNextJobUntilThereIsRoom() throws Exception {
        Path disk = smallDisk("48m");
        System.setProperty("baton.diskReserve", "16M");
        Path data = disk.resolve("data");
        List<String> notes = new CopyOnWriteArrayList<>();
        String quietFill = """
                pipeline: quiet
                phases:
                  - id: fill
                    run: dd if=/dev/zero of=$BATON_RUN_DIR/big bs=1M count=40 2>/dev/null; exit 0
                  - id: next
                    needs: [fill]
                    run: echo next
                """;
        try (Engine engine = Engine.open(data)) {
            var run = engine.start(PipelineLoader.load(Files.writeString(dir.resolve("quiet.yaml"), quietFill)), RunOptions.defaults(), List.of(notesInto(notes)));
            await().atMost(Duration.ofSeconds(30)).until(() -> notes.stream().anyMatch(n -> n.startsWith("paused:")));
            assertThat(engine.jobs(run.id()).stream().filter(j -> j.id().equals("next")).findFirst().orElseThrow().status())
                    .as("nothing starts while the disk is nearly full").isNotIn(JobStatus.RUNNING, JobStatus.SUCCEEDED);
            deleteBigFiles(data);
            assertThat(run.done().get(30, TimeUnit.SECONDS)).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void aDataDirectoryDeletedUnderARunStopsItAndSaysWhy() throws Exception {
        List<String> notes = new CopyOnWriteArrayList<>();
        try (EngineFixture f = new EngineFixture(dir)) {
            var live = f.engine.start(f.load("""
                    pipeline: slow
                    phases:
                      - id: a
                        run: sleep 30
                    """), RunOptions.defaults(), List.of(notesInto(notes)));
            await().atMost(Duration.ofSeconds(20)).until(() -> f.engine.jobs(live.id()).getFirst().status() == JobStatus.RUNNING);
            try (Stream<Path> all = Files.walk(dir.resolve("data"))) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            assertThat(live.done().get(20, TimeUnit.SECONDS)).isEqualTo(RunStatus.CANCELLED);
            assertThat(notes).anySatisfy(n -> assertThat(n).contains("was deleted or moved").contains(dir.resolve("data").toString()));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> f.engine.start(f.load("""
                    pipeline: again
                    phases:
                      - id: a
                        run: echo a
                    """), RunOptions.defaults(), List.of()))).hasMessageContaining("was deleted or moved");
        }
    }

    private static void deleteBigFiles(Path data) throws Exception {
        try (Stream<Path> all = Files.walk(data.resolve("runs"))) {
            for (Path p : all.filter(p -> p.getFileName().toString().equals("big")).toList()) Files.delete(p);
        }
    }
}
