package baton.store;

import baton.model.Artifact;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunPlan;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.model.TrustFingerprint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * What the engine relies on from a {@link RunStore}, whatever the database: every implementation
 * runs this whole class against a database of its own that starts empty (as JobRunr's
 * StorageProviderTest does for its storage providers). Longer than a class should be, because it
 * is the whole contract, readable in one place.
 */
abstract class RunStoreContract {
    /** A store on this test's database; called again, it opens another store on the same database (another Baton process). */
    protected abstract RunStore openStore();

    protected RunStore store;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    private RunId newRun(String... jobs) {
        return newRun(new RunPlan(Map.of("a", "1"), Map.of("opt", false), Set.of(), null, 2), jobs);
    }

    private RunId newRun(RunPlan plan, String... jobs) {
        long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
        List<NewJob> js = new ArrayList<>();
        for (int i = 0; i < jobs.length; i++) js.add(new NewJob(jobs[i], jobs[i], i, null, null, jobs[i]));
        return store.createRun(new NewRun(ref, "p", plan, t0, "me", new RunOwner(1, "host", t0, t0)), js);
    }

    private static Change.JobMoved move(RunId run, String job, JobStatus from, JobStatus to, int attempt, Instant at) {
        return new Change.JobMoved(run, job, from, to, attempt, at, null, null, null);
    }

    /** Moves {@code job} from {@code from} through QUEUED to RUNNING as attempt {@code attempt}, in one commit. */
    private void startAttempt(RunId run, String job, int attempt, JobStatus from, Instant at) {
        store.commit(List.of(move(run, job, from, JobStatus.QUEUED, attempt - 1, at), move(run, job, JobStatus.QUEUED, JobStatus.RUNNING, attempt, at),
                new Change.AttemptStarted(run, job, attempt, at, 0, "/logs/" + job + "/" + attempt)));
    }

    private JobRecord job(RunId run, String id) {
        return store.jobs(run).stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
    }

    // --- pipelines ---

    @Test
    void theSameDefinitionIsKeptOnceAndReadBackExactly() {
        long a = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "a".repeat(64), "pipeline: p\n");
        long b = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "a".repeat(64), "pipeline: p\n");
        long c = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "b".repeat(64), "pipeline: p # changed\n");
        long elsewhere = store.savePipeline("p", "/y/p.yaml", "/y", "YAML", "a".repeat(64), "pipeline: p\n");
        assertThat(a).isEqualTo(b).isNotEqualTo(c).isNotEqualTo(elsewhere);
        StoredPipeline stored = store.pipeline(c);
        assertThat(stored).extracting(StoredPipeline::pipelineId, StoredPipeline::sourcePath, StoredPipeline::baseDir, StoredPipeline::format,
                StoredPipeline::contentHash, StoredPipeline::sourceText).containsExactly("p", "/x/p.yaml", "/x", "YAML", "b".repeat(64), "pipeline: p # changed\n");
        assertThat(stored.loadedAt()).isNotNull();
        assertThatThrownBy(() -> store.pipeline(c + 1000)).isInstanceOf(StoreException.class);
    }

    // --- runs ---

    @Test
    void runIdsCountUpPerDayAndRunsAreListedNewestFirst() {
        RunId first = newRun("a");
        RunId second = newRun("a");
        assertThat(first.value()).matches("r-\\d{8}-0001");
        assertThat(second.value()).endsWith("-0002");
        assertThat(store.runs(10)).extracting(RunRecord::id).containsExactly(second, first);
        assertThat(store.runs(1)).extracting(RunRecord::id).containsExactly(second);
        assertThat(store.run(new RunId("r-19700101-0001"))).isEmpty();
    }

    @Test
    void aRunKeepsItsWholePlanAndStartsRunningWithPendingJobsAndTheirHistory() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("z", "last");
        params.put("a", "first");
        Set<String> done = new LinkedHashSet<>(List.of("g2", "g1"));
        RunPlan plan = new RunPlan(params, Map.of("opt", true), done, "/in/put.txt", 3, Map.of("a", "r-20260101-0001"), Map.of("b", "--only c"), true);
        long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
        RunId id = store.createRun(new NewRun(ref, "p", plan, t0, "me", new RunOwner(42, "host", t0.minusSeconds(5), t0),
                        Map.of("a", Map.of("n", "1"))),
                List.of(new NewJob("a", "a", 0, null, null, "a"), new NewJob("b[0]", "b", 1, "{\"x\":1}", 0, "lane-b")));

        RunRecord run = store.run(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.plan()).isEqualTo(plan);
        assertThat(run.params().keySet()).containsExactly("z", "a");
        assertThat(run.alreadyDone()).containsExactly("g2", "g1");
        assertThat(run).extracting(RunRecord::pipelineRef, RunRecord::pipelineId, RunRecord::startedAt, RunRecord::endedAt, RunRecord::startedBy,
                RunRecord::sourcePath).containsExactly(ref, "p", t0, null, "me", "/x/p.yaml");
        assertThat(run.owner()).isEqualTo(new RunOwner(42, "host", t0.minusSeconds(5), t0));
        assertThat(store.jobs(id)).extracting(JobRecord::id, JobRecord::phaseId, JobRecord::seq, JobRecord::item, JobRecord::index, JobRecord::lane,
                JobRecord::status, JobRecord::attempts).containsExactly(tuple("a", "a", 0, null, null, "a", JobStatus.PENDING, 0),
                tuple("b[0]", "b", 1, "{\"x\":1}", 0, "lane-b", JobStatus.PENDING, 0));
        assertThat(job(id, "a").outputs()).isEqualTo(Map.of("n", "1"));
        assertThat(store.stateChanges(id, 0)).extracting(StateChange::jobId, StateChange::from, StateChange::to, StateChange::at, StateChange::reason)
                .containsExactly(tuple(null, null, "running", t0, "started"), tuple("a", null, "pending", t0, null), tuple("b[0]", null, "pending", t0, null));
    }

    @Test
    void runsStartedAtTheSameTimeGetTheirOwnIdsAndShareTheDefinition() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RunId>> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) ids.add(pool.submit(() -> newRun("a", "b")));
            Set<RunId> distinct = new HashSet<>();
            for (var f : ids) distinct.add(f.get());
            assertThat(distinct).hasSize(16);
            assertThat(store.runs(100)).extracting(RunRecord::pipelineRef).containsOnly(store.runs(1).getFirst().pipelineRef());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoStoresOnOneDatabaseStartRunsWithTheirOwnIds() {
        try (RunStore other = openStore()) {
            long ref = other.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
            RunId theirs = other.createRun(new NewRun(ref, "p", new RunPlan(Map.of(), Map.of(), Set.of(), null, 1), t0, "other",
                    new RunOwner(2, "host", t0, t0)), List.of(new NewJob("a", "a", 0, null, null, "a")));
            RunId ours = newRun("a");
            assertThat(ours).isNotEqualTo(theirs);
            assertThat(store.run(theirs).orElseThrow().startedBy()).isEqualTo("other");
        }
    }

    @Test
    void aRunsEndIsRecordedAndItsStatusListed() {
        RunId done = newRun("a");
        RunId running = newRun("a");
        Instant end = t0.plusSeconds(3);
        store.commit(List.of(new Change.RunMoved(done, RunStatus.RUNNING, RunStatus.FAILED, end, "a failed")));
        assertThat(store.run(done).orElseThrow()).extracting(RunRecord::status, RunRecord::endedAt).containsExactly(RunStatus.FAILED, end);
        assertThat(store.runsWithStatus(RunStatus.RUNNING)).extracting(RunRecord::id).containsExactly(running);
        assertThat(store.runsWithStatus(RunStatus.FAILED)).extracting(RunRecord::id).containsExactly(done);
        assertThat(store.stateChanges(done, 0).getLast()).extracting(StateChange::jobId, StateChange::from, StateChange::to, StateChange::reason)
                .containsExactly(null, "running", "failed", "a failed");
    }

    @Test
    void heartbeatsAndTakeOversRecordTheOwner() {
        RunId id = newRun("a");
        store.heartbeat(id, t0.plusSeconds(10));
        assertThat(store.run(id).orElseThrow().owner().heartbeatAt()).isEqualTo(t0.plusSeconds(10));
        store.commit(List.of(new Change.RunMoved(id, RunStatus.RUNNING, RunStatus.INTERRUPTED, t0.plusSeconds(11), "owner died")));
        RunOwner next = new RunOwner(99, "other-host", t0.plusSeconds(20), t0.plusSeconds(21));
        assertThatThrownBy(() -> store.takeOver(id, RunStatus.RUNNING, next)).isInstanceOf(StoreException.class).hasMessageContaining("not running");
        store.takeOver(id, RunStatus.INTERRUPTED, next);
        assertThat(store.run(id).orElseThrow().owner()).isEqualTo(next);
    }

    // --- the commit path: jobs, attempts, state changes ---

    @Test
    void attemptsOutputsAndTheirTimesAreKept() {
        RunId id = newRun("a");
        startAttempt(id, "a", 1, JobStatus.PENDING, t0);
        store.commit(List.of(new Change.AttemptSpawned(id, "a", 1, 4242, t0.plusMillis(2))));
        Instant t1 = t0.plusMillis(1500);
        store.commit(List.of(new Change.OutputsRecorded(id, "a", Map.of("scenes", "[1,2]")),
                new Change.AttemptEnded(id, "a", 1, JobStatus.SUCCEEDED, t1, 0, null, 99),
                new Change.JobMoved(id, "a", JobStatus.RUNNING, JobStatus.SUCCEEDED, 1, t1, null, 0, null),
                new Change.RunMoved(id, RunStatus.RUNNING, RunStatus.SUCCEEDED, t1, null)));
        JobRecord job = job(id, "a");
        assertThat(job).extracting(JobRecord::status, JobRecord::attempts, JobRecord::exitCode, JobRecord::startedAt, JobRecord::endedAt, JobRecord::outputs)
                .containsExactly(JobStatus.SUCCEEDED, 1, 0, t0, t1, Map.of("scenes", "[1,2]"));
        assertThat(store.attempts(id)).extracting(AttemptRecord::attempt, AttemptRecord::status, AttemptRecord::startedAt, AttemptRecord::endedAt,
                AttemptRecord::pid, AttemptRecord::logPath, AttemptRecord::logSize, AttemptRecord::exitCode)
                .containsExactly(tuple(1, JobStatus.SUCCEEDED, t0.plusMillis(2), t1, 4242L, "/logs/a/1", 99L, 0));
        assertThat(store.run(id).orElseThrow().endedAt()).isEqualTo(t1);
    }

    @Test
    void aRetryClearsTheFailedAttemptsExitCodeAndErrorAndKeepsItsAttempt() {
        RunId id = newRun("a");
        startAttempt(id, "a", 1, JobStatus.PENDING, t0);
        Instant t1 = t0.plusSeconds(1);
        store.commit(List.of(new Change.AttemptEnded(id, "a", 1, JobStatus.FAILED, t1, 3, "exit code 3", 10),
                new Change.JobMoved(id, "a", JobStatus.RUNNING, JobStatus.RETRYING, 1, t1, "retry 1 of 1", 3, "exit code 3")));
        assertThat(job(id, "a")).extracting(JobRecord::exitCode, JobRecord::error).containsExactly(3, "exit code 3");
        startAttempt(id, "a", 2, JobStatus.RETRYING, t0.plusSeconds(2));
        assertThat(job(id, "a")).extracting(JobRecord::status, JobRecord::attempts, JobRecord::exitCode, JobRecord::error, JobRecord::startedAt,
                JobRecord::endedAt).containsExactly(JobStatus.RUNNING, 2, null, null, t0, null);
        assertThat(store.attempts(id)).extracting(AttemptRecord::attempt, AttemptRecord::status, AttemptRecord::error)
                .containsExactly(tuple(1, JobStatus.FAILED, "exit code 3"), tuple(2, JobStatus.RUNNING, null));
    }

    @Test
    void stateChangesHaveRisingSequenceNumbersAndAreReadAfterOne() {
        RunId id = newRun("a", "b");
        RunId other = newRun("c");
        startAttempt(id, "a", 1, JobStatus.PENDING, t0.plusSeconds(1));
        List<StateChange> all = store.stateChanges(id, 0);
        assertThat(all).extracting(StateChange::jobId, StateChange::from, StateChange::to, StateChange::attempt).containsExactly(
                tuple(null, null, "running", 0), tuple("a", null, "pending", 0), tuple("b", null, "pending", 0),
                tuple("a", "pending", "queued", 0), tuple("a", "queued", "running", 1));
        assertThat(all).extracting(StateChange::seq).isSorted().doesNotHaveDuplicates();
        long third = all.get(2).seq();
        assertThat(store.stateChanges(id, third)).containsExactlyElementsOf(all.subList(3, 5));
        assertThat(store.stateChanges(id, all.getLast().seq())).isEmpty();
        assertThat(store.stateChanges(other, 0)).extracting(StateChange::jobId).containsExactly(null, "c");
    }

    @Test
    void aBatchIsAllOrNothing() {
        RunId id = newRun("a", "b");
        assertThatThrownBy(() -> store.commit(List.of(
                move(id, "a", JobStatus.PENDING, JobStatus.QUEUED, 0, t0),
                new Change.OutputsRecorded(id, "a", Map.of("x", "1")),
                // b is pending, not queued: this move is stale and must undo the whole batch
                move(id, "b", JobStatus.QUEUED, JobStatus.RUNNING, 0, t0))))
                .isInstanceOf(StaleStateException.class).hasMessageContaining("not queued");
        assertThat(store.jobs(id)).extracting(JobRecord::status, JobRecord::outputs)
                .containsExactly(tuple(JobStatus.PENDING, Map.of()), tuple(JobStatus.PENDING, Map.of()));
        assertThat(store.stateChanges(id, 0)).hasSize(3);
        // the store goes on after a refused batch
        store.commit(List.of(move(id, "a", JobStatus.PENDING, JobStatus.QUEUED, 0, t0)));
        assertThat(job(id, "a").status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aRunMoveFromAStateItLeftIsRefusedWithTheWholeBatch() {
        RunId id = newRun("a");
        store.commit(List.of(new Change.RunMoved(id, RunStatus.RUNNING, RunStatus.CANCELLED, t0, "cancelled")));
        assertThatThrownBy(() -> store.commit(List.of(move(id, "a", JobStatus.PENDING, JobStatus.SKIPPED, 0, t0),
                new Change.RunMoved(id, RunStatus.RUNNING, RunStatus.SUCCEEDED, t0, null))))
                .isInstanceOf(StaleStateException.class).hasMessageContaining("not running");
        assertThat(job(id, "a").status()).isEqualTo(JobStatus.PENDING);
        assertThat(store.run(id).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aChangeMadeByAnotherStoreFirstMakesThisStoresMoveStale() {
        RunId id = newRun("a");
        try (RunStore other = openStore()) {
            other.commit(List.of(move(id, "a", JobStatus.PENDING, JobStatus.SKIPPED, 0, t0)));
        }
        assertThatThrownBy(() -> store.commit(List.of(move(id, "a", JobStatus.PENDING, JobStatus.QUEUED, 0, t0))))
                .isInstanceOf(StaleStateException.class).hasMessageContaining("another process");
        assertThat(job(id, "a").status()).isEqualTo(JobStatus.SKIPPED);
    }

    @Test
    void aMoveOutsideTheTableIsRefused() {
        RunId id = newRun("a");
        assertThatThrownBy(() -> store.commit(List.of(new Change.JobMoved(id, "a", JobStatus.PENDING, JobStatus.SUCCEEDED, 0, t0, null, 0, null))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(job(id, "a").status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aLongErrorOrReasonIsCutToWhatTheColumnsHold() {
        RunId id = newRun("a");
        String longText = "x".repeat(10_000);
        store.commit(List.of(new Change.JobMoved(id, "a", JobStatus.PENDING, JobStatus.BLOCKED, 0, t0, longText, null, longText)));
        assertThat(job(id, "a").error()).startsWith("xxx").hasSizeLessThan(4001);
        assertThat(store.stateChanges(id, 0).getLast().reason()).startsWith("xxx").hasSizeLessThan(4001);
    }

    // --- what jobs leave: outputs, metrics, artifacts, warnings, spawned phases ---

    @Test
    void anOutputRecordedAgainReplacesItsValue() {
        RunId id = newRun("a");
        store.commit(List.of(new Change.OutputsRecorded(id, "a", Map.of("n", "1", "m", "2"))));
        store.commit(List.of(new Change.OutputsRecorded(id, "a", Map.of("n", "3"))));
        assertThat(job(id, "a").outputs()).isEqualTo(Map.of("n", "3", "m", "2"));
    }

    @Test
    void anAttemptsLatestMetricsReplaceItsEarlierOnesAndTheJobTotalSumsItsAttempts() {
        RunId id = newRun("a");
        startAttempt(id, "a", 1, JobStatus.PENDING, t0);
        store.commit(List.of(new Change.MetricsRecorded(id, "a", 1, Map.of("input_tokens", 100.0, "draft", 1.0))));
        store.commit(List.of(new Change.MetricsRecorded(id, "a", 1, Map.of("input_tokens", 150.0))));
        store.commit(List.of(new Change.AttemptEnded(id, "a", 1, JobStatus.FAILED, t0, 1, "exit code 1", 0),
                new Change.JobMoved(id, "a", JobStatus.RUNNING, JobStatus.RETRYING, 1, t0, null, 1, null)));
        startAttempt(id, "a", 2, JobStatus.RETRYING, t0);
        // a live read and the final one in the same commit: the later one is the attempt's
        store.commit(List.of(new Change.MetricsRecorded(id, "a", 2, Map.of("input_tokens", 10.0, "live_only", 3.0)),
                new Change.MetricsRecorded(id, "a", 2, Map.of("input_tokens", 200.0, "output_tokens", 5.0))));

        assertThat(store.attempts(id)).extracting(AttemptRecord::attempt, AttemptRecord::metrics).containsExactly(
                tuple(1, Map.of("input_tokens", 150.0)), tuple(2, Map.of("input_tokens", 200.0, "output_tokens", 5.0)));
        assertThat(job(id, "a").metrics()).isEqualTo(Map.of("input_tokens", 350.0, "output_tokens", 5.0));
    }

    @Test
    void artifactsAndWarningsAreKeptPerAttempt() {
        RunId id = newRun("a");
        Artifact file = new Artifact("out/a.txt", 12, "f".repeat(64), 1, null);
        Artifact link = new Artifact("out/latest", 0, null, 1, "a.txt");
        store.commit(List.of(new Change.ArtifactsRecorded(id, "a", List.of(file, link)),
                new Change.WarningsRecorded(id, "a", 1, List.of("output line 3 has no '='", "metric x is not a number"))));
        // the end-of-attempt read finds the file grown: recorded again, it replaces the first record
        Artifact grown = new Artifact("out/a.txt", 20, "e".repeat(64), 1, null);
        store.commit(List.of(new Change.ArtifactsRecorded(id, "a", List.of(grown))));
        assertThat(job(id, "a").artifacts()).containsExactly(grown, link);
        assertThat(job(id, "a").warnings()).containsExactly("attempt 1: output line 3 has no '='", "attempt 1: metric x is not a number");
    }

    @Test
    void spawnedPhasesComeBackInTheOrderTheyWereTakenInWithTheirJobs() {
        RunId id = newRun("plan");
        Instant at = t0.plusSeconds(1);
        store.commit(List.of(new Change.PhasesSpawned(id, "plan", "- id: x\n  run: echo x\n"),
                new Change.JobsAdded(id, List.of(new NewJob("x", "x", 1, null, null, "x")), at)));
        store.commit(List.of(new Change.PhasesSpawned(id, "x", "- id: y\n  run: echo y\n"),
                new Change.JobsAdded(id, List.of(new NewJob("y[0]", "y", 2, "1", 0, "y"), new NewJob("y[1]", "y", 3, "2", 1, "y")), at)));
        assertThat(store.spawnedPhases(id)).containsExactly(new SpawnFile("plan", "- id: x\n  run: echo x\n"),
                new SpawnFile("x", "- id: y\n  run: echo y\n"));
        assertThat(store.jobs(id)).extracting(JobRecord::id, JobRecord::status).containsExactly(tuple("plan", JobStatus.PENDING),
                tuple("x", JobStatus.PENDING), tuple("y[0]", JobStatus.PENDING), tuple("y[1]", JobStatus.PENDING));
        assertThat(store.stateChanges(id, 0)).filteredOn(c -> c.at().equals(at)).extracting(StateChange::jobId).containsExactly("x", "y[0]", "y[1]");
    }

    // --- requests and trust ---

    @Test
    void aRequestIsOpenUntilHandledAndThenSaysWhatCameOfIt() {
        RunId id = newRun("gate", "b");
        long approve = store.request(id, "gate", RunRequest.Kind.APPROVE, "ana", t0);
        long cancel = store.request(id, null, RunRequest.Kind.CANCEL, "bo", t0.plusSeconds(1));
        assertThat(store.openRequests(id)).extracting(RunRequest::id, RunRequest::jobId, RunRequest::kind, RunRequest::requestedBy, RunRequest::requestedAt)
                .containsExactly(tuple(approve, "gate", RunRequest.Kind.APPROVE, "ana", t0), tuple(cancel, null, RunRequest.Kind.CANCEL, "bo", t0.plusSeconds(1)));
        assertThat(store.requestOutcome(approve)).isEmpty();
        assertThat(store.approvedJobs(id)).isEmpty();

        store.commit(List.of(new Change.RequestHandled(id, approve, t0.plusSeconds(2), "approved by ana")));
        assertThat(store.openRequests(id)).extracting(RunRequest::id).containsExactly(cancel);
        assertThat(store.requestOutcome(approve)).contains("approved by ana");
        assertThat(store.approvedJobs(id)).containsExactly("gate");
        // a request is handled once: a second answer changes nothing
        store.commit(List.of(new Change.RequestHandled(id, approve, t0.plusSeconds(3), "approved twice")));
        assertThat(store.requestOutcome(approve)).contains("approved by ana");
    }

    @Test
    void trustIsRememberedPerPathWithTheHashOfEachScriptInOrder() {
        assertThat(store.trustedAt("/x/p.yaml")).isEmpty();
        var first = new TrustFingerprint("/x/p.yaml", "c".repeat(64), Map.of("phases/a.sh", "1".repeat(64)));
        Map<String, String> inPhaseOrder = new LinkedHashMap<>();
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
        store.trust(new TrustFingerprint("/x/p.yaml", "e".repeat(64), Map.of()));
        assertThat(store.trustedAt("/x/p.yaml").orElseThrow().scripts()).isEmpty();
        assertThat(store.trustedWithContent("c".repeat(64))).isEmpty();
    }

    @Test
    void whatOneStoreWroteIsReadByAStoreOpenedLater() {
        RunId id = newRun("a");
        startAttempt(id, "a", 1, JobStatus.PENDING, t0);
        store.close();
        store = openStore();
        assertThat(store.run(id)).isPresent();
        assertThat(job(id, "a")).extracting(JobRecord::status, JobRecord::attempts).containsExactly(JobStatus.RUNNING, 1);
        assertThat(newRun("b").value()).endsWith("-0002");
    }
}
