package baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A run started in one terminal is approved or cancelled from another (two Baton processes on one data directory). */
class RequestsCliTest {
    @TempDir Path dir;

    private Process runInAnotherTerminal(Path file, Path data) throws Exception {
        return new ProcessBuilder(baton.BatonProcess.command("run", file.toString(), "--data-dir", data.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.out").toFile()).start();
    }

    private String runId(Path data) throws Exception {
        // the run's own process makes the data directory first (its first job leaves a mark): two
        // processes creating one H2 database at the same moment is the background service's job to avoid
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("started")));
        String[] last = {""};
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var r = new CliFixture(data).baton("runs", "--json");
                last[0] = r.code() + " " + r.out() + r.err();
                return r.code() == 0 && r.out().contains("\"run\"");
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no run appeared; 'runs' said: " + last[0] + "; the run's terminal said: "
                    + Files.readString(dir.resolve("run.out")), e);
        }
        String json = new CliFixture(data).baton("runs", "--json").out();
        return json.replaceAll("(?s).*\"run\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    @Test
    void anApprovalFromAnotherTerminalLetsTheRunFinish() throws Exception {
        Path data = dir.resolve("data");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: p
                phases:
                  - id: build
                    run: touch started; echo built
                  - id: deploy
                    needs: [build]
                    approve: "Deploy to production?"
                    run: echo deployed
                """);
        Process run = runInAnotherTerminal(file, data);
        String id = runId(data);
        await().atMost(Duration.ofSeconds(30)).until(() -> new CliFixture(data).baton("show", id).out().contains("awaiting_approval"));
        var approve = new CliFixture(data).baton("approve", id, "deploy");
        assertThat(approve.code()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("approved deploy");
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("run.out"), StandardCharsets.UTF_8)).contains("waits for approval").contains("baton approve " + id + " deploy");
    }

    @Test
    void cancelFromAnotherTerminalEndsTheRunWithExitThree() throws Exception {
        Path data = dir.resolve("data");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: p
                phases:
                  - id: long
                    run: touch started; sleep 60
                """);
        Process run = runInAnotherTerminal(file, data);
        String id = runId(data);
        await().atMost(Duration.ofSeconds(30)).until(() -> new CliFixture(data).baton("show", id).out().contains("running"));
        var cancel = new CliFixture(data).baton("cancel", id);
        assertThat(cancel.code()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains("cancelled the run");
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(3);
    }

    @Test
    void aRequestToAJobThatDoesNotExistSaysSoWithASuggestion() throws Exception {
        Path data = dir.resolve("data");
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: p
                phases:
                  - id: long
                    run: touch started; sleep 60
                """);
        Process run = runInAnotherTerminal(file, data);
        try {
            String id = runId(data);
            var r = new CliFixture(data).baton("skip", id, "lng");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("has no job, phase or group 'lng'").contains("did you mean 'long'");
        } finally {
            run.destroy();
            run.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
