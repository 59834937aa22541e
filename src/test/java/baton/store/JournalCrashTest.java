package baton.store;

import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunPlan;
import baton.model.StateChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that committed and was then killed (SIGKILL, nothing flushed, nothing closed): the
 * next open of its data directory finds every commit, each once, whether the tables had taken
 * part of them or none. The writer is a JVM of its own whose journal is never written to the
 * tables on its own (a delay of ten minutes), so the tables lag exactly as far as the test says.
 */
class JournalCrashTest {
    @TempDir Path dir;
    private static final List<String> JOBS = List.of("a", "b", "c", "d", "e");

    /** The killed process: starts a run, commits, and says how far it got on standard output. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            Path data = Path.of(args[0]);
            RunStore store = DataDirStore.open(data).store();
            Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
            List<NewJob> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS.size(); i++) jobs.add(new NewJob(JOBS.get(i), JOBS.get(i), i, null, null, JOBS.get(i)));
            RunId run = store.createRun(new NewRun(ref, "p", new RunPlan(Map.of(), Map.of(), Set.of(), null, 2), t, "me",
                    new RunOwner(ProcessHandle.current().pid(), "host", t, t)), jobs);
            for (String j : JOBS) {
                store.commit(List.of(new Change.JobMoved(run, j, JobStatus.PENDING, JobStatus.QUEUED, 0, t, null, null, null),
                        new Change.JobMoved(run, j, JobStatus.QUEUED, JobStatus.RUNNING, 1, t, null, null, null),
                        new Change.AttemptStarted(run, j, 1, t, 0, "/logs/" + j)));
            }
            if (args[1].equals("half")) store.jobs(run); // a read: what was committed so far goes into the tables
            for (String j : JOBS.subList(0, 3)) {
                store.commit(List.of(new Change.AttemptEnded(run, j, 1, JobStatus.SUCCEEDED, t, 0, null, 0),
                        new Change.JobMoved(run, j, JobStatus.RUNNING, JobStatus.SUCCEEDED, 1, t, null, 0, null),
                        new Change.OutputsRecorded(run, j, Map.of("done", j))));
            }
            System.out.println(run.value());
            System.out.flush();
            Thread.sleep(600_000); // killed here
        }
    }

    /**
     * A busy process: two threads commit the lives of 400 jobs while the tables are written every
     * millisecond, so they never quite catch up and the journal, past 1 KB, is rewritten again and
     * again with what they lack. It says how often, and is killed at once.
     */
    public static final class BusyWriter {
        public static void main(String[] args) throws Exception {
            var store = (JournaledRunStore) DataDirStore.open(Path.of(args[0])).store();
            Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
            List<NewJob> jobs = new ArrayList<>();
            for (int i = 0; i < 400; i++) jobs.add(new NewJob("j" + i, "j", i, null, null, "j"));
            RunId run = store.createRun(new NewRun(ref, "p", new RunPlan(Map.of(), Map.of(), Set.of(), null, 2), t, "me",
                    new RunOwner(ProcessHandle.current().pid(), "host", t, t)), jobs);
            List<Thread> threads = new ArrayList<>();
            for (int half = 0; half < 2; half++) {
                int from = half * 200;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = from; i < from + 200; i++) {
                        String j = "j" + i;
                        store.commit(List.of(new Change.JobMoved(run, j, JobStatus.PENDING, JobStatus.QUEUED, 0, t, null, null, null),
                                new Change.JobMoved(run, j, JobStatus.QUEUED, JobStatus.RUNNING, 1, t, null, null, null),
                                new Change.AttemptStarted(run, j, 1, t, 0, "/logs/" + j)));
                        store.commit(List.of(new Change.AttemptEnded(run, j, 1, JobStatus.SUCCEEDED, t, 0, null, 0),
                                new Change.JobMoved(run, j, JobStatus.RUNNING, JobStatus.SUCCEEDED, 1, t, null, 0, null),
                                new Change.OutputsRecorded(run, j, Map.of("i", j))));
                        java.util.concurrent.locks.LockSupport.parkNanos(500_000); // jobs take a while, as real ones do
                    }
                }));
            }
            for (Thread th : threads) th.join();
            System.out.println(run.value() + " " + store.rewrites());
            System.out.flush();
            Thread.sleep(600_000); // killed here
        }
    }

    @Test
    void aJournalRewrittenWhileTheTablesLagLosesNothingAtAKill() throws Exception {
        Path data = dir.resolve("data");
        String[] said = runUntilItSaysThenKill(List.of("-Dbaton.journal.delayMs=1", "-Dbaton.journal.batch=20", "-Dbaton.journal.rewriteAt=1024"),
                BusyWriter.class, data.toString()).split(" ");
        assertThat(Integer.parseInt(said[1])).as("the journal was rewritten while the tables lagged").isPositive();
        RunId run = new RunId(said[0]);
        try (RunStore store = DataDirStore.open(data).store()) {
            assertThat(store.jobs(run)).hasSize(400).allSatisfy(j -> {
                assertThat(j.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(j.outputs()).isEqualTo(Map.of("i", j.id()));
            });
            assertThat(store.attempts(run)).hasSize(400);
            assertThat(store.stateChanges(run, 0)).as("the run's start, and four rows a job: each once").hasSize(1 + 400 * 4);
        }
    }

    private RunId commitThenGetKilled(Path data, String tablesTake) throws Exception {
        return new RunId(runUntilItSaysThenKill(List.of("-Dbaton.journal.delayMs=600000"), Writer.class, data.toString(), tablesTake));
    }

    /** Starts {@code main} in a JVM of its own, reads the first line it writes (its run first), and kills it with SIGKILL. */
    private static String runUntilItSaysThenKill(List<String> properties, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line = out.readLine();
            assertThat(line).as("what the writer says: its run first").isNotNull().startsWith("r-");
            p.destroyForcibly(); // SIGKILL: nothing flushed, nothing closed, whatever the tables have taken by now
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return line;
        }
    }

    private static void assertEveryCommitIsThereOnce(RunStore store, RunId run) {
        assertThat(store.jobs(run)).extracting(JobRecord::id, JobRecord::status, JobRecord::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", JobStatus.SUCCEEDED, 1), org.assertj.core.groups.Tuple.tuple("b", JobStatus.SUCCEEDED, 1),
                org.assertj.core.groups.Tuple.tuple("c", JobStatus.SUCCEEDED, 1), org.assertj.core.groups.Tuple.tuple("d", JobStatus.RUNNING, 1),
                org.assertj.core.groups.Tuple.tuple("e", JobStatus.RUNNING, 1));
        assertThat(store.jobs(run).getFirst().outputs()).isEqualTo(Map.of("done", "a"));
        assertThat(store.attempts(run)).hasSize(5);
        // the run's start, five jobs made pending, two moves each to running, three ends: each once
        List<StateChange> history = store.stateChanges(run, 0);
        assertThat(history).hasSize(1 + 5 + 10 + 3);
        assertThat(history.stream().filter(c -> "succeeded".equals(c.to()))).hasSize(3);
    }

    @Test
    void commitsTheTablesHadNotTakenAreFoundAfterAKill() throws Exception {
        Path data = dir.resolve("data");
        RunId run = commitThenGetKilled(data, "none");
        assertThat(Files.size(data.resolve(Journal.FILE))).as("the commits are in the journal").isGreaterThan(0);
        try (RunStore store = DataDirStore.open(data).store()) {
            assertEveryCommitIsThereOnce(store, run);
        }
        assertThat(Files.size(data.resolve(Journal.FILE))).as("emptied once in the tables").isZero();
        try (RunStore store = DataDirStore.open(data).store()) {
            assertEveryCommitIsThereOnce(store, run);
        }
    }

    @Test
    void commitsTheTablesHadTakenBeforeTheKillAreNotWrittenTwice() throws Exception {
        Path data = dir.resolve("data");
        RunId run = commitThenGetKilled(data, "half");
        try (RunStore store = DataDirStore.open(data).store()) {
            assertEveryCommitIsThereOnce(store, run);
        }
    }

    @Test
    void aJournalEndingInATornRecordKeepsEveryWholeOne() throws Exception {
        Path data = dir.resolve("data");
        RunId run = commitThenGetKilled(data, "half");
        // as a write cut by a power cut would leave it: the start of a record and no more
        Files.write(data.resolve(Journal.FILE), new byte[] {0, 0, 1, 0, 7, 7}, StandardOpenOption.APPEND);
        try (RunStore store = DataDirStore.open(data).store()) {
            assertEveryCommitIsThereOnce(store, run);
            store.commit(List.of(new Change.JobMoved(run, "d", JobStatus.RUNNING, JobStatus.SUCCEEDED, 1, Instant.now(), null, 0, null)));
            assertThat(store.jobs(run).get(3).status()).isEqualTo(JobStatus.SUCCEEDED);
        }
    }
}
