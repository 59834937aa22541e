package baton.hostile;

import baton.BatonProcess;
import baton.cli.BatonCli;
import baton.engine.EngineFixture;
import baton.model.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Input that used to get through (issue item 7): each is refused with a located error and exit code 2. */
class BadInputTest {
    @TempDir Path dir;

    record Outcome(int code, String out, String err) {}

    /** The command line in this JVM, with a private data directory unless {@code env} says otherwise. */
    private Outcome baton(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> all = new HashMap<>(System.getenv());
        all.put("BATON_HOME", dir.resolve("data").toString());
        all.putAll(env);
        int code = BatonCli.execute(args, new PrintWriter(out), new PrintWriter(err), all);
        return new Outcome(code, out.toString(), err.toString());
    }

    private Outcome baton(String... args) {
        return baton(Map.of(), args);
    }

    /** Baton as its own process, given at most 60 s, so a hang fails the test instead of blocking it. */
    private Outcome batonProcess(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(BatonProcess.command(args)).redirectError(dir.resolve("stderr").toFile());
        pb.environment().put("BATON_HOME", dir.resolve("data").toString());
        Process p = pb.start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertThat(ended).as("baton " + String.join(" ", args) + " ended within 60 s").isTrue();
        return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr")));
    }

    private static void assertCleanUsageError(Outcome o) {
        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).doesNotContain("Exception", "internal error", "SQL", "\tat ");
    }

    @Test
    void aPipelineIdOverTheLimitIsALocatedErrorNotAnSqlDump() throws Exception {
        Path p = Files.writeString(dir.resolve("long.yaml"), "pipeline: " + "a".repeat(300) + "\nphases:\n  - id: x\n    run: \"true\"\n");
        for (String verb : new String[]{"validate", "run"}) {
            Outcome o = baton(verb, p.toString());
            assertCleanUsageError(o);
            assertThat(o.err()).startsWith(p + ":1:11: pipeline id 'aaaa").contains("is 300 characters long; ids are limited to 100");
        }
    }

    @Test
    void aPhaseIdOverTheLimitIsALocatedErrorBeforeAnyFolderIsMade() throws Exception {
        Path p = Files.writeString(dir.resolve("long.yaml"), "pipeline: p\nphases:\n  - id: ok\n    run: \"true\"\n  - id: " + "b".repeat(300)
                + "\n    run: \"true\"\n");
        Outcome o = baton("run", p.toString());
        assertCleanUsageError(o);
        assertThat(o.err()).startsWith(p + ":5:9: phase id 'bbbb").contains("ids are limited to 100");
        assertThat(dir.resolve("data/runs")).doesNotExist();
    }

    @Test
    void aCascadeTaskIdOverTheLimitIsALocatedErrorAndALongTitleStillMakesAValidId() throws Exception {
        Path p = Files.writeString(dir.resolve("CASCADE.md"), "# Cascade: " + "Very long project name ".repeat(20) + "\nWorker: `true`\n\n"
                + "### E1: fine\n\n### " + "E".repeat(150) + ": too long\n- Depends on: E1\n");
        Outcome o = baton("validate", p.toString());
        assertCleanUsageError(o);
        assertThat(o.err()).startsWith(p + ":6:").contains("id 'EEEE").contains("is 150 characters long");
        Files.writeString(p, "# Cascade: " + "Very long project name ".repeat(20) + "\nWorker: `true`\n\n### E1: fine\n");
        assertThat(baton("validate", p.toString()).code()).isZero();
    }

    @Test
    void validateOfAFifoEndsAtOnceWithExit2() throws Exception {
        Path fifo = dir.resolve("pipeline.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Outcome o = batonProcess("validate", fifo.toString());
        assertCleanUsageError(o);
        assertThat(o.err()).isEqualTo(fifo + ":1:1: is not a regular file (a pipe, device or socket): give a .yaml, .json, CASCADE.md or ROADMAP.md file\n");
    }

    @Test
    void runOfDevZeroIsRefusedWithoutReadingIt() throws Exception {
        Outcome o = batonProcess("run", "/dev/zero");
        assertCleanUsageError(o);
        assertThat(o.err()).startsWith("/dev/zero:1:1: is not a regular file").doesNotContain("OutOfMemoryError");
    }

    @Test
    void zeroTimeoutsAreLocatedErrorsAndAZeroRetryDelayIsFine() throws Exception {
        Path p = Files.writeString(dir.resolve("zero.yaml"), """
                pipeline: zero
                defaults: { timeout: 0s }
                phases:
                  - id: a
                    run: "true"
                    timeout: 0ms
                    retries: { max: 1, delay: 0s }
                  - id: b
                    http: { url: "http://127.0.0.1:9/x", timeout: 0h }
                """);
        Outcome o = baton("validate", p.toString());
        assertCleanUsageError(o);
        assertThat(o.err().lines().toList()).containsExactly(
                p + ":2:22: 'timeout' is '0s', which is zero: give a duration of at least 1ms, or remove it for no timeout",
                p + ":6:14: 'timeout' is '0ms', which is zero: give a duration of at least 1ms, or remove it for no timeout",
                p + ":9:51: 'timeout' is '0h', which is zero: give a duration of at least 1ms, or remove it for no timeout");
    }

    @Test
    void anEmptyDataDirOrBatonHomeIsAUsageErrorAndTheDefaultIsLeftAlone() {
        Map<String, String> home = Map.of("HOME", dir.resolve("home").toString(), "XDG_DATA_HOME", dir.resolve("xdg").toString());
        Outcome empty = baton(home, "runs", "--data-dir", "");
        assertCleanUsageError(empty);
        assertThat(empty.err()).startsWith("baton: --data-dir is empty: give a folder");
        Map<String, String> blankHome = new HashMap<>(home);
        blankHome.put("BATON_HOME", " ");
        Outcome blank = baton(blankHome, "runs");
        assertCleanUsageError(blank);
        assertThat(blank.err()).startsWith("baton: BATON_HOME is set but empty");
        assertThat(dir.resolve("home")).doesNotExist();
        assertThat(dir.resolve("xdg")).doesNotExist();
    }

    @Test
    void logsOfAJobThatNeverRanSaysWhyAndExitsOne() throws Exception {
        Path p = Files.writeString(dir.resolve("never.yaml"), """
                pipeline: never
                phases:
                  - id: bad
                    run: exit 1
                  - id: after
                    needs: [bad]
                    run: "true"
                  - id: rescue
                    needs: [{ phase: after, when: failure }]
                    run: "true"
                """);
        assertThat(baton("run", p.toString()).code()).isEqualTo(1);
        Outcome blocked = baton("logs", "last", "after");
        assertThat(blocked.code()).isEqualTo(1);
        assertThat(blocked.err()).isEqualTo("baton: job after was blocked: upstream bad failed; it never ran\n");
        Outcome skipped = baton("logs", "last", "rescue");
        assertThat(skipped.code()).isEqualTo(1);
        assertThat(skipped.err()).startsWith("baton: job rescue was ").contains("; it never ran").doesNotContain("has not started yet");
    }

    @Test
    void aSpawnedPhaseWithAnIdOverTheLimitFailsItsSpawnerWithTheReason() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run("""
                    pipeline: spawner
                    phases:
                      - id: test
                        run: |
                          echo '{"id": "%s", "run": "true"}' >> "$BATON_SPAWN"
                    """.formatted("f".repeat(300)));
            assertThat(r.job("test").status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.job("test").error()).contains("is 300 characters long; ids are limited to 100").contains("nothing from this file was spawned");
            assertThat(r.jobs()).hasSize(1);
        }
    }
}
