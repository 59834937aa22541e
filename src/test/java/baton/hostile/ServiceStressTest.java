package baton.hostile;

import baton.BatonProcess;
import baton.client.RemoteClient;
import baton.client.RunHandle;
import baton.client.ServiceConnector;
import baton.client.StartRequest;
import baton.engine.RunOptions;
import baton.engine.exec.InstanceId;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.JobTransitions;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.model.StateChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients on one service, killed with SIGKILL at random; and the service itself killed at
 * random points of a run, 20 times. Every run must end as an undisturbed one does (or be
 * interrupted and resumed to it), with every job's moves recorded in a legal order, nothing that
 * succeeded run twice, and no job process left behind.
 */
class ServiceStressTest {
    @TempDir Path dir;

    /** A run of {@code n} short jobs, wide enough that many run while clients come and go. */
    private Path pipeline(String name, int n) throws Exception {
        StringBuilder y = new StringBuilder("pipeline: " + name + "\nconcurrency: 4\nphases:\n  - id: first\n    run: \"true\"\n");
        y.append("  - id: work\n    needs: [first]\n    foreach: [");
        for (int i = 0; i < n - 2; i++) y.append(i == 0 ? "" : ", ").append(i);
        y.append("]\n    run: sleep 0.0$((RANDOM % 9))\n  - id: last\n    needs: [work]\n    run: \"true\"\n");
        return Files.writeString(dir.resolve(name + ".baton.yaml"), y);
    }

    @Test
    void sixClientsKilledAtRandomNeverDisturbADetachedRunAndCancelOnlyTheirForegroundRun() throws Exception {
        Path data = dir.resolve("data");
        Process service = BatonProcess.service(data);
        Random random = new Random(42);
        try {
            // five detached runs (their starting clients return at once), followed by pollers that are killed
            List<RunId> detached = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                Process start = new ProcessBuilder(BatonProcess.command("run", pipeline("d" + c, 50).toString(), "--detach", "--data-dir", data.toString()))
                        .redirectErrorStream(false).start();
                String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertThat(start.waitFor()).isZero();
                detached.add(new RunId(out));
            }
            // the sixth client follows its run in the foreground: killing it cancels that run, and only that one
            Process foreground = new ProcessBuilder(BatonProcess.command("run", pipeline("fg", 50).toString(), "--data-dir", data.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            List<Process> pollers = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                String what = c % 2 == 0 ? "baton runs --data-dir " + data : "baton show " + detached.get(c) + " --data-dir " + data;
                List<String> cmd = BatonProcess.command(what.substring("baton ".length()).split(" "));
                pollers.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            Thread.sleep(300 + random.nextInt(700));
            foreground.destroyForcibly();
            for (Process p : pollers) if (random.nextBoolean()) p.destroyForcibly();
            for (Process p : pollers) assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(foreground.waitFor(10, TimeUnit.SECONDS)).isTrue();

            try (RemoteClient client = ServiceConnector.connectIfRunning(data).orElseThrow()) {
                await().atMost(Duration.ofMinutes(3)).until(() -> client.status().liveRuns().isEmpty());
                for (RunId id : detached) {
                    assertThat(client.run(id).orElseThrow().status()).as("detached run %s", id).isEqualTo(RunStatus.SUCCEEDED);
                    assertEveryJobSucceededOnceInOrder(client, id);
                }
                RunRecord fg = client.runs(10).stream().filter(r -> r.pipelineId().equals("fg")).findFirst().orElse(null);
                if (fg != null) {
                    assertThat(fg.status()).as("the foreground run of the killed client").isIn(RunStatus.CANCELLED, RunStatus.SUCCEEDED);
                    assertMovesAreLegal(client, fg.id());
                }
            }
            assertNoJobProcessOf(data);
        } finally {
            BatonProcess.stopService(data);
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServiceKilledAtRandomTwentyTimesLeavesRunsThatResumeToTheirUndisturbedEnd() throws Exception {
        int trials = Integer.getInteger("baton.stressTrials", 20);
        Random random = new Random(7);
        LoadedPipeline p = PipelineLoader.load(pipeline("killed", 50));
        int interrupted = 0, finishedFirst = 0;
        for (int t = 0; t < trials; t++) {
            Path data = dir.resolve("data-" + t);
            Process service = BatonProcess.service(data);
            RunId id;
            // the kill lands after a random number of the run's 50 jobs have ended (the clock would
            // land most kills after the end on a fast machine, or before the start on a slow one):
            // the client's listener kills the service as soon as it hears of that many (a poll of
            // the count was a tenth of a second late, and events come in batches: with up to 48,
            // 9 of 20 runs once finished first)
            int killAfter = 1 + random.nextInt(40);
            java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch killed = new java.util.concurrent.CountDownLatch(1);
            try (RemoteClient client = ServiceConnector.connectIfRunning(data).orElseThrow()) {
                StartRequest one = StartRequest.of(p, RunOptions.defaults());
                RunHandle run = client.start(new StartRequest(one.pipeline(), one.options(), null, one.limit(), false, true), events -> {
                    for (var e : events) if (e instanceof baton.engine.RunEvent.JobMoved m && m.to() == JobStatus.SUCCEEDED) ended.incrementAndGet();
                    if (ended.get() >= killAfter && killed.getCount() > 0) {
                        service.destroyForcibly();
                        killed.countDown();
                    }
                }).runs().getFirst();
                id = run.id();
                await().atMost(Duration.ofMinutes(1)).until(() -> killed.getCount() == 0 || run.done().isDone());
            }
            service.destroyForcibly();
            assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();

            // the next client starts a new service (detached, as a terminal's would), which recovers the run
            try (RemoteClient next = ServiceConnector.connect(data, System.getenv())) {
                RunRecord after = next.run(id).orElseThrow();
                if (after.status() == RunStatus.SUCCEEDED) {
                    finishedFirst++;
                } else {
                    assertThat(after.status()).as("trial %d", t).isEqualTo(RunStatus.INTERRUPTED);
                    interrupted++;
                    assertNoJobProcessOf(data);
                    Map<String, Integer> succeededBefore = new HashMap<>();
                    for (JobRecord j : next.jobs(id)) if (j.status() == JobStatus.SUCCEEDED) succeededBefore.put(j.id(), j.attempts());
                    assertThat(next.resume(id, false, null).done().get(2, TimeUnit.MINUTES)).as("trial %d", t).isEqualTo(RunStatus.SUCCEEDED);
                    for (JobRecord j : next.jobs(id)) {
                        if (succeededBefore.containsKey(j.id())) {
                            assertThat(j.attempts()).as("trial %d: %s had succeeded before the kill", t, j.id()).isEqualTo(succeededBefore.get(j.id()));
                        }
                    }
                }
                for (JobRecord j : next.jobs(id)) assertThat(j.status()).as("trial %d: %s", t, j.id()).isEqualTo(JobStatus.SUCCEEDED);
                assertMovesAreLegal(next, id);
            }
            BatonProcess.stopService(data);
            assertNoJobProcessOf(data);
        }
        System.out.printf("service kills: %d trials, %d interrupted and resumed, %d had finished first%n", trials, interrupted, finishedFirst);
        assertThat(interrupted).as("most kills land inside the run").isGreaterThanOrEqualTo(trials / 2);
    }

    private static void assertEveryJobSucceededOnceInOrder(RemoteClient client, RunId id) {
        List<JobRecord> jobs = client.jobs(id);
        assertThat(jobs).hasSize(50);
        for (JobRecord j : jobs) {
            assertThat(j.status()).as("%s/%s", id, j.id()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(j.attempts()).as("%s/%s ran once", id, j.id()).isEqualTo(1);
        }
        assertMovesAreLegal(client, id);
    }

    /** Each job's recorded moves chain (each starts where the last ended) through moves the state table allows: none lost. */
    private static void assertMovesAreLegal(RemoteClient client, RunId id) {
        Map<String, JobStatus> at = new HashMap<>();
        for (StateChange c : client.stateChanges(id, 0)) {
            if (c.jobId() == null || c.from() == null) continue;
            JobStatus from = JobStatus.fromWire(c.from()), to = JobStatus.fromWire(c.to());
            JobStatus before = at.get(c.jobId());
            if (before != null) {
                assertThat(from).as("%s/%s: a move starts where the last one ended", id, c.jobId()).isEqualTo(before);
            }
            assertThat(JobTransitions.isAllowed(from, to)).as("%s/%s: %s -> %s is allowed", id, c.jobId(), from, to).isTrue();
            at.put(c.jobId(), to);
        }
        for (JobRecord j : client.jobs(id)) {
            if (at.containsKey(j.id())) assertThat(at.get(j.id())).as("%s/%s: its last move is its state", id, j.id()).isEqualTo(j.status());
        }
    }

    /** No process whose environment names this data directory's instance (a job of it) is left. */
    private static void assertNoJobProcessOf(Path data) throws Exception {
        String mark = "BATON_INSTANCE=" + InstanceId.of(data.toAbsolutePath());
        await().atMost(Duration.ofSeconds(20)).until(() -> jobProcessesMarked(mark).isEmpty());
    }

    private static List<Long> jobProcessesMarked(String mark) {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    for (String kv : env.split("\0")) {
                        if (kv.equals(mark)) found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (java.io.IOException | SecurityException gone) {
                    // ended while looking, or not ours to read
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }
}
