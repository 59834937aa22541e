package baton.store;

import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunStatus;
import baton.model.TrustFingerprint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H2RunStoreTest {
    @TempDir Path dir;
    H2RunStore store;

    @BeforeEach
    void open() {
        store = H2RunStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RunId newRun(String... jobs) {
        long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
        Instant now = Instant.now();
        List<NewJob> js = new java.util.ArrayList<>();
        for (int i = 0; i < jobs.length; i++) js.add(new NewJob(jobs[i], jobs[i], i, null, null, jobs[i]));
        return store.createRun(new NewRun(ref, "p", new baton.model.RunPlan(Map.of("a", "1"), Map.of("opt", false), java.util.Set.of(), null, 2), now, "me",
                new RunOwner(1, "host", now, now)), js);
    }

    @Test
    void theSameDefinitionIsKeptOnceAndReadBackExactly() {
        long a = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "a".repeat(64), "pipeline: p\n");
        long b = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "a".repeat(64), "pipeline: p\n");
        long c = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "b".repeat(64), "pipeline: p # changed\n");
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(store.pipeline(c).sourceText()).isEqualTo("pipeline: p # changed\n");
    }

    @Test
    void runIdsCountUpPerDay() {
        RunId first = newRun("a");
        RunId second = newRun("a");
        assertThat(first.value()).matches("r-\\d{8}-0001");
        assertThat(second.value()).endsWith("-0002");
        assertThat(store.runs(10)).extracting(r -> r.id()).containsExactly(second, first);
    }

    @Test
    void aRunStartsRunningWithPendingJobsAndTheirHistory() {
        RunId id = newRun("a", "b");
        var run = store.run(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.params()).containsEntry("a", "1");
        assertThat(run.switches()).containsEntry("opt", false);
        assertThat(run.owner().host()).isEqualTo("host");
        assertThat(store.jobs(id)).extracting(j -> j.status()).containsExactly(JobStatus.PENDING, JobStatus.PENDING);
        assertThat(store.stateChanges(id, 0)).extracting(c -> c.to()).containsExactly("running", "pending", "pending");
    }

    @Test
    void aBatchIsAllOrNothing() {
        RunId id = newRun("a", "b");
        Instant now = Instant.now();
        assertThatThrownBy(() -> store.commit(List.of(
                new Change.JobMoved(id, "a", JobStatus.PENDING, JobStatus.QUEUED, 0, now, null, null, null),
                // b is pending, not queued: this move is stale and must undo the whole batch
                new Change.JobMoved(id, "b", JobStatus.QUEUED, JobStatus.RUNNING, 0, now, null, null, null))))
                .isInstanceOf(StaleStateException.class).hasMessageContaining("not queued");
        assertThat(store.jobs(id)).extracting(j -> j.status()).containsExactly(JobStatus.PENDING, JobStatus.PENDING);
        assertThat(store.stateChanges(id, 0)).hasSize(3);
    }

    @Test
    void aMoveOutsideTheTableIsRefused() {
        RunId id = newRun("a");
        assertThatThrownBy(() -> store.commit(List.of(
                new Change.JobMoved(id, "a", JobStatus.PENDING, JobStatus.SUCCEEDED, 0, Instant.now(), null, 0, null))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void attemptsAndOutputsAreKept() {
        RunId id = newRun("a");
        Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        store.commit(List.of(
                new Change.JobMoved(id, "a", JobStatus.PENDING, JobStatus.QUEUED, 0, t0, null, null, null),
                new Change.JobMoved(id, "a", JobStatus.QUEUED, JobStatus.RUNNING, 1, t0, null, null, null),
                new Change.AttemptStarted(id, "a", 1, t0, 0, "/logs/a/1")));
        store.commit(List.of(new Change.AttemptSpawned(id, "a", 1, 4242, t0)));
        Instant t1 = t0.plusMillis(1500);
        store.commit(List.of(
                new Change.OutputsRecorded(id, "a", Map.of("scenes", "[1,2]")),
                new Change.AttemptEnded(id, "a", 1, JobStatus.SUCCEEDED, t1, 0, null, 99),
                new Change.JobMoved(id, "a", JobStatus.RUNNING, JobStatus.SUCCEEDED, 1, t1, null, 0, null),
                new Change.RunMoved(id, RunStatus.RUNNING, RunStatus.SUCCEEDED, t1, null)));
        var job = store.jobs(id).getFirst();
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.exitCode()).isZero();
        assertThat(job.startedAt()).isEqualTo(t0);
        assertThat(job.endedAt()).isEqualTo(t1);
        assertThat(job.outputs()).containsEntry("scenes", "[1,2]");
        var attempt = store.attempts(id).getFirst();
        assertThat(attempt.pid()).isEqualTo(4242L);
        assertThat(attempt.logSize()).isEqualTo(99);
        assertThat(store.run(id).orElseThrow().endedAt()).isEqualTo(t1);
    }

    @Test
    void reopeningAppliesNoMigrationTwiceAndKeepsData() {
        RunId id = newRun("a");
        store.close();
        store = H2RunStore.open(dir);
        assertThat(store.run(id)).isPresent();
    }

    @Test
    void trustIsRememberedPerPathWithTheHashOfEachScriptInOrder() {
        assertThat(store.trustedAt("/x/p.yaml")).isEmpty();
        var first = new TrustFingerprint("/x/p.yaml", "c".repeat(64), Map.of("phases/a.sh", "1".repeat(64)));
        Map<String, String> inPhaseOrder = new java.util.LinkedHashMap<>();
        inPhaseOrder.put("phases/z.sh", "2".repeat(64));
        inPhaseOrder.put("phases/b.sh", "3".repeat(64));
        var second = new TrustFingerprint("/x/p.yaml", "c".repeat(64), inPhaseOrder);
        store.trust(first);
        store.trust(second); // replaces the first: the scripts of a path are those trusted last
        assertThat(store.trustedAt("/x/p.yaml")).contains(second);
        assertThat(store.trustedAt("/x/p.yaml").orElseThrow().scripts().keySet()).containsExactly("phases/z.sh", "phases/b.sh");
        assertThat(store.trustedAt("/y/p.yaml")).isEmpty();
        assertThat(store.trustedWithContent("c".repeat(64))).contains(second);
        assertThat(store.trustedWithContent("d".repeat(64))).isEmpty();
    }

    @Test
    void runsStartedAtTheSameTimeGetTheirOwnIdsAndShareTheDefinition() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<RunId>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) ids.add(pool.submit(() -> newRun("a", "b")));
            java.util.Set<RunId> distinct = new java.util.HashSet<>();
            for (var f : ids) distinct.add(f.get());
            assertThat(distinct).hasSize(16);
            assertThat(store.runs(100)).extracting(r -> r.pipelineRef()).containsOnly(store.runs(1).getFirst().pipelineRef());
        } finally {
            pool.shutdownNow();
        }
    }
}
