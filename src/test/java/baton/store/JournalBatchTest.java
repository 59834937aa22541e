package baton.store;

import baton.model.Artifact;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunPlan;
import baton.model.RunStatus;
import baton.model.StateChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal writes many commits to the tables as one batch, a job's moves as one update and an
 * attempt as one insert. Whatever it folds, the rows must be what the commits one by one leave:
 * here the same life of a run (starts, a failure and its retry, outputs, metrics, spawned jobs,
 * a blocked job, the run's end) is committed to a store that writes each commit as it comes and
 * to a data directory whose journal writes all of them at once, and what each reads back is compared.
 */
class JournalBatchTest {
    @TempDir Path dir;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private Instant t(int s) {
        return t0.plusSeconds(s);
    }

    private List<List<Change>> life(RunId run) {
        List<List<Change>> commits = new ArrayList<>();
        for (String j : List.of("a", "b")) {
            commits.add(List.of(new Change.JobMoved(run, j, JobStatus.PENDING, JobStatus.QUEUED, 0, t(1), null, null, null),
                    new Change.JobMoved(run, j, JobStatus.QUEUED, JobStatus.RUNNING, 1, t(2), null, null, null),
                    new Change.AttemptStarted(run, j, 1, t(2), 0, "/logs/" + j + "/1")));
        }
        commits.add(List.of(new Change.AttemptSpawned(run, "a", 1, 4100, t(3)), new Change.AttemptSpawned(run, "b", 1, 4101, t(3))));
        commits.add(List.of(new Change.MetricsRecorded(run, "b", 1, Map.of("tokens", 5.0))));
        // a fails and is retried: a second attempt, which succeeds
        commits.add(List.of(new Change.AttemptEnded(run, "a", 1, JobStatus.FAILED, t(4), 3, "exit 3", 120),
                new Change.JobMoved(run, "a", JobStatus.RUNNING, JobStatus.RETRYING, 1, t(4), "retry 1 of 1", 3, "exit 3")));
        commits.add(List.of(new Change.JobMoved(run, "a", JobStatus.RETRYING, JobStatus.QUEUED, 1, t(5), null, null, null),
                new Change.JobMoved(run, "a", JobStatus.QUEUED, JobStatus.RUNNING, 2, t(6), null, null, null),
                new Change.AttemptStarted(run, "a", 2, t(6), 0, "/logs/a/2")));
        commits.add(List.of(new Change.AttemptSpawned(run, "a", 2, 4102, t(6))));
        commits.add(List.of(new Change.MetricsRecorded(run, "b", 1, Map.of("tokens", 9.0, "cost", 0.5)),
                new Change.AttemptEnded(run, "b", 1, JobStatus.SUCCEEDED, t(7), 0, null, 40),
                new Change.JobMoved(run, "b", JobStatus.RUNNING, JobStatus.SUCCEEDED, 1, t(7), null, 0, null),
                new Change.OutputsRecorded(run, "b", Map.of("x", "1")),
                new Change.ArtifactsRecorded(run, "b", List.of(new Artifact("out.txt", 3, "ab".repeat(32), 1))),
                new Change.WarningsRecorded(run, "b", 1, List.of("line 2: no '='")),
                new Change.PhasesSpawned(run, "b", "spawn.yaml"),
                new Change.JobsAdded(run, List.of(new NewJob("fix", "fix", 2, null, null, "fix")), t(7))));
        commits.add(List.of(new Change.AttemptEnded(run, "a", 2, JobStatus.SUCCEEDED, t(8), 0, null, 10),
                new Change.JobMoved(run, "a", JobStatus.RUNNING, JobStatus.SUCCEEDED, 2, t(8), null, 0, null),
                new Change.OutputsRecorded(run, "b", Map.of("x", "2"))));
        commits.add(List.of(new Change.JobMoved(run, "fix", JobStatus.PENDING, JobStatus.BLOCKED, 0, t(9), "blocked", null, "needs nothing"),
                new Change.JobMoved(run, "c", JobStatus.PENDING, JobStatus.SKIPPED, 0, t(9), "switched off", null, null),
                new Change.RunMoved(run, RunStatus.RUNNING, RunStatus.FAILED, t(10), null)));
        return commits;
    }

    private record Read(List<JobRecord> jobs, List<AttemptRecord> attempts, List<List<Object>> history, List<SpawnFile> spawns) {}

    private Read liveThenRead(RunStore store) {
        long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
        List<NewJob> jobs = List.of(new NewJob("a", "a", 0, null, null, "a"), new NewJob("b", "b", 1, null, null, "b"),
                new NewJob("c", "c", 3, null, null, "c"));
        RunId run = store.createRun(new NewRun(ref, "p", new RunPlan(Map.of(), Map.of(), Set.of(), null, 2), t0, "me",
                new RunOwner(1, "host", t0, t0)), jobs);
        for (List<Change> commit : life(run)) store.commit(commit);
        Function<StateChange, List<Object>> withoutSeq = c -> java.util.Arrays.asList(c.jobId(), c.attempt(), c.from(), c.to(), c.at(), c.reason());
        return new Read(store.jobs(run), store.attempts(run), store.stateChanges(run, 0).stream().map(withoutSeq).toList(), store.spawnedPhases(run));
    }

    @Test
    void manyCommitsWrittenAsOneBatchLeaveTheRowsEachOneAloneLeaves() {
        Read oneByOne;
        try (RunStore direct = JdbcRunStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
            oneByOne = liveThenRead(direct);
        }
        Read batched;
        // the tables are written by the first read, after the last commit (the journal's delay is
        // 200 ms, the commits take a few): every commit goes in in one batch
        try (RunStore journaled = DataDirStore.open(dir.resolve("data")).store()) {
            batched = liveThenRead(journaled);
        }
        assertThat(batched.jobs()).isEqualTo(oneByOne.jobs());
        assertThat(batched.attempts()).isEqualTo(oneByOne.attempts());
        assertThat(batched.history()).isEqualTo(oneByOne.history());
        assertThat(batched.spawns()).isEqualTo(oneByOne.spawns());
        assertThat(batched.jobs()).extracting(JobRecord::id, JobRecord::status, JobRecord::attempts).contains(
                org.assertj.core.groups.Tuple.tuple("a", JobStatus.SUCCEEDED, 2), org.assertj.core.groups.Tuple.tuple("fix", JobStatus.BLOCKED, 0));
    }
}
