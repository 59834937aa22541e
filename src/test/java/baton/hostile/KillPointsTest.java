package baton.hostile;

import baton.engine.Engine;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills Baton's service (which runs the jobs) with SIGKILL at many points of a run (before a job starts, while jobs run, around a
 * job's end, during a retry wait), then lets the next Baton find the run and resume it. Every
 * resumed run must end as an uninterrupted one does, and nothing that had succeeded runs again.
 */
class KillPointsTest {
    @TempDir Path dir;

    private static final String PIPELINE = """
            pipeline: kills
            concurrency: 2
            phases:
              - id: a
                run: echo a >> %1$s/STARTED; sleep 0.3; echo a >> %1$s/DONE
              - id: b
                needs: [a]
                run: echo b >> %1$s/STARTED; sleep 0.3; echo b >> %1$s/DONE
              - id: c
                needs: [a]
                retries: { max: 1, delay: 400ms }
                run: echo c >> %1$s/STARTED; sleep 0.2; [ -e %1$s/flaky-$BATON_RUN_ID ] || { touch %1$s/flaky-$BATON_RUN_ID; exit 1; }; echo c >> %1$s/DONE
              - id: d
                needs: [b, c]
                run: echo d >> %1$s/STARTED; sleep 0.3; echo d >> %1$s/DONE
            """;

    private static List<String> command(Path file, Path data) {
        return baton.BatonProcess.command("run", file.toString(), "--data-dir", data.toString());
    }

    /**
     * The kill points follow the run's own progress, not the clock (a loaded machine made a
     * clock-based spread land mostly after the end): after the k-th job has started (each job
     * marks its start), plus a delay, so every point falls inside the run, around job starts,
     * job ends and the retry wait.
     */
    @Test
    void afterAKillAtAnyPointResumeEndsAsAnUninterruptedRunWould() throws Exception {
        int tried = 0, resumed = 0, finishedFirst = 0, beforeStart = 0;
        long[] delays = {0, 120, 250};
        for (int k = 0; k < 12; k++) {
            int started = 1 + k / delays.length;   // 1..4: after a, then b or c, ...
            long ms = delays[k % delays.length];
            Path case_ = Files.createDirectories(dir.resolve("kill-" + started + "-" + ms));
            Path file = Files.writeString(case_.resolve("p.yaml"), PIPELINE.formatted(case_));
            Path data = case_.resolve("data");
            // the service runs the jobs: it is what is killed; the terminal's client only follows
            Process service = baton.BatonProcess.service(data);
            Process client = new ProcessBuilder(command(file, data)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path marks = case_.resolve("STARTED");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.isAlive() && System.nanoTime() < until && (!Files.exists(marks) || Files.readAllLines(marks).size() < started)) {
                Thread.sleep(10);
            }
            Thread.sleep(ms);
            service.destroyForcibly();
            assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("the client ends when its service is gone").isTrue();
            tried++;
            if (!Files.exists(data)) {
                beforeStart++;
                continue;
            }
            try (Engine engine = Engine.open(data)) {
                var runs = engine.runs(10);
                if (runs.isEmpty()) {
                    beforeStart++;
                    continue;
                }
                var run = runs.getFirst();
                if (run.status() == RunStatus.SUCCEEDED) {
                    finishedFirst++;
                    continue;
                }
                assertThat(run.status()).as("killed %d ms after job %d started", ms, started).isEqualTo(RunStatus.INTERRUPTED);
                Map<String, Integer> succeededBefore = new HashMap<>();
                for (JobRecord j : engine.jobs(run.id())) if (j.status() == JobStatus.SUCCEEDED) succeededBefore.put(j.id(), j.attempts());
                RunStatus end = engine.resume(run.id(), List.of()).await();
                resumed++;
                assertThat(end).as("killed %d ms after job %d started", ms, started).isEqualTo(RunStatus.SUCCEEDED);
                for (JobRecord j : engine.jobs(run.id())) {
                    assertThat(j.status()).as("job %s, killed %d ms after job %d started", j.id(), ms, started).isEqualTo(JobStatus.SUCCEEDED);
                    if (succeededBefore.containsKey(j.id())) {
                        assertThat(j.attempts()).as("%s succeeded before the kill: not run again", j.id()).isEqualTo(succeededBefore.get(j.id()));
                    }
                }
                List<String> done = Files.readAllLines(case_.resolve("DONE"));
                for (String job : List.of("a", "b", "c", "d")) {
                    long times = done.stream().filter(job::equals).count();
                    assertThat(times).as("%s, killed %d ms after job %d started", job, ms, started).isBetween(1L, succeededBefore.containsKey(job) ? 1L : 2L);
                }
            }
        }
        System.out.printf("kill points: %d tried, %d interrupted and resumed to the same final state, %d had finished, %d before the run existed%n",
                tried, resumed, finishedFirst, beforeStart);
        assertThat(resumed).isGreaterThanOrEqualTo(8);
    }
}
