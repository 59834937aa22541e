package baton.store;

import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.model.TrustFingerprint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything Baton keeps, in domain words. One implementation, {@link JdbcRunStore}, on H2 (a data
 * directory's {@link DataDirStore}) or PostgreSQL; what any implementation must do is the contract
 * test's ({@code RunStoreContract} in the tests), run against each.
 */
public interface RunStore extends AutoCloseable {

    /** Keeps the definition text; the same text from the same file is kept once. */
    long savePipeline(String pipelineId, String sourcePath, String baseDir, String format, String contentHash, String sourceText);

    StoredPipeline pipeline(long ref);

    /** Creates the run in RUNNING and its jobs in PENDING, with their first state changes, in one transaction. */
    RunId createRun(NewRun run, List<NewJob> jobs);

    /**
     * Writes a batch of changes in one transaction; nothing of it is written if any part is refused:
     * a move outside {@link baton.model.JobTransitions} ({@link IllegalStateException}), a run or job
     * no longer in the state it moves from ({@link StaleStateException}), a database that cannot
     * write ({@link StoreException}).
     */
    void commit(List<Change> changes);

    void heartbeat(RunId run, Instant at);

    /** Takes a run over (resume): records the new owner; refused unless the run is in {@code expected}. */
    void takeOver(RunId run, RunStatus expected, RunOwner owner);

    Optional<RunRecord> run(RunId id);

    List<RunRecord> runs(int limit);

    List<RunRecord> runsWithStatus(RunStatus status);

    List<JobRecord> jobs(RunId run);

    List<AttemptRecord> attempts(RunId run);

    /** State changes of a run with a sequence number above {@code afterSeq}, oldest first. */
    List<StateChange> stateChanges(RunId run, long afterSeq);

    /** The spawn files taken into a run, in the order they were taken in. */
    List<SpawnFile> spawnedPhases(RunId run);

    /** Records a request to a live run; the run's owner takes it in ({@link #openRequests}) and marks it handled. */
    long request(RunId run, String jobId, RunRequest.Kind kind, String requestedBy, Instant at);

    /** Requests not handled yet, oldest first. */
    List<RunRequest> openRequests(RunId run);

    /** What came of a request, once it was handled. */
    Optional<String> requestOutcome(long requestId);

    /** Jobs of the run that were approved (an approval outlives a resume). */
    Set<String> approvedJobs(RunId run);

    /** The fingerprint trusted for the file at this absolute path, if any. */
    Optional<TrustFingerprint> trustedAt(String sourcePath);

    /** The fingerprint trusted most recently for this content at any path, if any. */
    Optional<TrustFingerprint> trustedWithContent(String contentHash);

    /** Trusts this fingerprint for its path, replacing what was trusted there before, in one transaction. */
    void trust(TrustFingerprint fingerprint);

    @Override
    void close();
}
