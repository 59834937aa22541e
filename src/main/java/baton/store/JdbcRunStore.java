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
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static baton.store.Columns.instant;
import static baton.store.Columns.ts;

/**
 * The store on a JDBC database, H2 or PostgreSQL ({@link Dialect}): reads through Jdbi, runs and
 * engine steps written by a {@link CommitWriter} on one connection of its own. Every Baton process
 * on the same database shares it; a concurrent writer is caught by the stored current states.
 */
public final class JdbcRunStore implements RunStore {
    private final DataSource dataSource;
    private final Runnable release;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final Object writerLock = new Object();
    private CommitWriter writer;

    private JdbcRunStore(DataSource dataSource, Runnable release, Dialect dialect) {
        this.dataSource = dataSource;
        this.release = release;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the store at {@code jdbcUrl} ({@code jdbc:h2:…} or {@code jdbc:postgresql:…}) and
     * brings its schema up to date; throws {@link StoreException} with a one-line reason.
     */
    public static JdbcRunStore open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        JdbcRunStore store = connect(jdbcUrl, user, password, dialect);
        try {
            Schema.migrate(store.dataSource, dialect);
        } catch (RuntimeException e) {
            store.close();
            throw new StoreException("cannot open the database (" + withoutSettings(jdbcUrl) + "): " + StoreException.oneLine(e), e);
        }
        return store;
    }

    /** H2 keeps a pool of its own; another database gets a connection per use until Baton has a service that pools them. */
    private static JdbcRunStore connect(String jdbcUrl, String user, String password, Dialect dialect) {
        if (dialect == Dialect.H2) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, user, password);
            pool.setMaxConnections(16);
            return new JdbcRunStore(pool, pool::dispose, dialect);
        }
        return new JdbcRunStore(new DriverManagerSource(jdbcUrl, user, password), () -> {}, dialect);
    }

    static String withoutSettings(String jdbcUrl) {
        return jdbcUrl.replaceFirst(";.*", "").replaceFirst("\\?.*", "");
    }

    @Override
    public long savePipeline(String pipelineId, String sourcePath, String baseDir, String format, String contentHash, String sourceText) {
        for (int attempt = 0; ; attempt++) {
            try {
                return jdbi.inTransaction(h -> {
                    Optional<Long> existing = h.createQuery("SELECT ref FROM pipeline_def WHERE content_hash = :hash AND source_path = :path AND base_dir = :dir")
                            .bind("hash", contentHash).bind("path", sourcePath).bind("dir", baseDir).mapTo(Long.class).findOne();
                    if (existing.isPresent()) return existing.get();
                    return h.createUpdate("INSERT INTO pipeline_def (pipeline_id, source_path, base_dir, format, content_hash, source_text, loaded_at) "
                                    + "VALUES (:id, :path, :dir, :format, :hash, :text, :at)")
                            .bind("id", pipelineId).bind("path", sourcePath).bind("dir", baseDir).bind("format", format)
                            .bind("hash", contentHash).bind("text", sourceText).bind("at", ts(Instant.now()))
                            .executeAndReturnGeneratedKeys("ref").mapTo(Long.class).one();
                });
            } catch (org.jdbi.v3.core.JdbiException e) {
                // another process saved the same text between our look and our insert: the next look finds its row
                if (!SqlState.isConflict(e) || attempt >= 4) throw e;
            }
        }
    }

    @Override
    public StoredPipeline pipeline(long ref) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM pipeline_def WHERE ref = :ref").bind("ref", ref)
                .map((rs, ctx) -> new StoredPipeline(rs.getLong("ref"), rs.getString("pipeline_id"), rs.getString("source_path"),
                        rs.getString("base_dir"), rs.getString("format"), rs.getString("content_hash"), rs.getString("source_text"),
                        instant(rs, "loaded_at")))
                .findOne().orElseThrow(() -> new StoreException("no pipeline definition " + ref)));
    }

    @Override
    public RunId createRun(NewRun run, List<NewJob> jobs) {
        return write(w -> w.createRun(run, jobs), "cannot start the run", 4);
    }

    @Override
    public void commit(List<Change> changes) {
        if (changes.isEmpty()) return;
        write(w -> {
            w.write(changes);
            return null;
        }, "cannot record the change", 0);
    }

    /** Writes journaled commits and the journal's mark in one transaction ({@link JournaledRunStore}). */
    void writeJournaled(List<ChangeCodec.Commit> commits, long mark) {
        write(w -> {
            w.writeJournaled(commits, mark);
            return null;
        }, "cannot record the change", 0);
    }

    /** The sequence number of the last journaled commit in the database (0: none yet). */
    long journalMark() {
        return write(CommitWriter::journalMark, "cannot read the journal's mark", 0);
    }

    /** The current status of a run and of each of its jobs; empty when there is no such run. */
    Optional<RunStatuses> statuses(RunId run) {
        return jdbi.withHandle(h -> {
            Optional<String> status = h.createQuery("SELECT status FROM run WHERE id = :run").bind("run", run.value()).mapTo(String.class).findOne();
            if (status.isEmpty()) return Optional.empty();
            Map<String, baton.model.JobStatus> jobs = new java.util.HashMap<>();
            h.createQuery("SELECT job_id, status FROM job WHERE run_id = :run").bind("run", run.value())
                    .map((rs, ctx) -> Map.entry(rs.getString(1), baton.model.JobStatus.fromWire(rs.getString(2))))
                    .forEach(e -> jobs.put(e.getKey(), e.getValue()));
            return Optional.of(new RunStatuses(RunStatus.fromWire(status.get()), jobs));
        });
    }

    /** A run's status and its jobs' ({@link #statuses}). */
    record RunStatuses(RunStatus run, Map<String, baton.model.JobStatus> jobs) {}

    private interface WriterStep<T> {
        T apply(CommitWriter w) throws SQLException;
    }

    /**
     * Runs {@code step} on the writer's connection, again up to {@code retries} times when it lost
     * a race with another writer. A writer whose connection failed otherwise is replaced.
     */
    private <T> T write(WriterStep<T> step, String what, int retries) {
        synchronized (writerLock) {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (writer == null) writer = new CommitWriter(dataSource.getConnection(), dialect);
                    return step.apply(writer);
                } catch (SQLException e) {
                    if (SqlState.isConflict(e) && attempt < retries) continue;
                    CommitWriter broken = writer;
                    writer = null;
                    if (broken != null) broken.close();
                    throw new StoreException(what + ": " + StoreException.oneLine(e), e);
                }
            }
        }
    }

    @Override
    public void heartbeat(RunId run, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE run SET heartbeat_at = :at WHERE id = :run").bind("at", ts(at)).bind("run", run.value()).execute());
    }

    @Override
    public void takeOver(RunId run, RunStatus expected, RunOwner owner) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE run SET owner_pid = :pid, owner_host = :host, owner_started_at = :start, heartbeat_at = :hb, "
                            + "version = version + 1 WHERE id = :run AND status = :expected")
                    .bind("pid", owner.pid()).bind("host", owner.host()).bind("start", ts(owner.processStartedAt()))
                    .bind("hb", ts(owner.heartbeatAt())).bind("run", run.value()).bind("expected", expected.wire()).execute();
            if (n != 1) throw new StoreException("run " + run + " is not " + expected.wire() + " any more");
        });
    }

    @Override
    public Optional<RunRecord> run(RunId id) {
        return jdbi.withHandle(h -> h.createQuery(RunRows.RUN_SELECT + "WHERE r.id = :id").bind("id", id.value()).map(RunRows::runRecord).findOne());
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return jdbi.withHandle(h -> h.createQuery(RunRows.RUN_SELECT + "ORDER BY r.started_at DESC, r.id DESC LIMIT :limit")
                .bind("limit", limit).map(RunRows::runRecord).list());
    }

    @Override
    public List<RunRecord> runsWithStatus(RunStatus status) {
        return jdbi.withHandle(h -> h.createQuery(RunRows.RUN_SELECT + "WHERE r.status = :s ORDER BY r.started_at")
                .bind("s", status.wire()).map(RunRows::runRecord).list());
    }

    @Override
    public List<JobRecord> jobs(RunId run) {
        return jdbi.withHandle(h -> RunRows.jobs(h, run));
    }

    @Override
    public List<AttemptRecord> attempts(RunId run) {
        return jdbi.withHandle(h -> RunRows.attempts(h, run));
    }

    @Override
    public List<StateChange> stateChanges(RunId run, long afterSeq) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM state_change WHERE run_id = :run AND seq > :after ORDER BY seq")
                .bind("run", run.value()).bind("after", afterSeq)
                .map((rs, ctx) -> new StateChange(rs.getLong("seq"), rs.getString("job_id"), rs.getInt("attempt"),
                        rs.getString("from_status"), rs.getString("to_status"), instant(rs, "changed_at"), rs.getString("reason")))
                .list());
    }

    @Override
    public List<SpawnFile> spawnedPhases(RunId run) {
        return jdbi.withHandle(h -> h.createQuery("SELECT spawner_job, spawn_file FROM spawned_phase WHERE run_id = :run ORDER BY seq")
                .bind("run", run.value()).map((rs, ctx) -> new SpawnFile(rs.getString(1), rs.getString(2))).list());
    }

    @Override
    public long request(RunId run, String jobId, RunRequest.Kind kind, String requestedBy, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO run_request (run_id, job_id, kind, requested_by, requested_at) "
                        + "VALUES (:run, :job, :kind, :by, :at)")
                .bind("run", run.value()).bind("job", jobId).bind("kind", kind.wire()).bind("by", requestedBy).bind("at", ts(at))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    @Override
    public List<RunRequest> openRequests(RunId run) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, job_id, kind, requested_by, requested_at FROM run_request "
                        + "WHERE run_id = :run AND handled_at IS NULL ORDER BY id")
                .bind("run", run.value())
                .map((rs, ctx) -> new RunRequest(rs.getLong("id"), run, rs.getString("job_id"),
                        RunRequest.Kind.fromWire(rs.getString("kind")), rs.getString("requested_by"), instant(rs, "requested_at")))
                .list());
    }

    @Override
    public Optional<String> requestOutcome(long requestId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT outcome FROM run_request WHERE id = :id AND handled_at IS NOT NULL")
                .bind("id", requestId).mapTo(String.class).findOne());
    }

    @Override
    public Set<String> approvedJobs(RunId run) {
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT job_id FROM run_request WHERE run_id = :run "
                        + "AND kind = 'approve' AND handled_at IS NOT NULL AND outcome LIKE 'approved%'")
                .bind("run", run.value()).mapTo(String.class).list()));
    }

    @Override
    public Optional<TrustFingerprint> trustedAt(String sourcePath) {
        return jdbi.withHandle(h -> h.createQuery("SELECT content_hash FROM trusted_pipeline WHERE source_path = :p")
                .bind("p", sourcePath).mapTo(String.class).findOne()
                .map(hash -> new TrustFingerprint(sourcePath, hash, trustedScripts(h, sourcePath))));
    }

    @Override
    public Optional<TrustFingerprint> trustedWithContent(String contentHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT source_path FROM trusted_pipeline WHERE content_hash = :c "
                        + "ORDER BY trusted_at DESC LIMIT 1")
                .bind("c", contentHash).mapTo(String.class).findOne()
                .map(path -> new TrustFingerprint(path, contentHash, trustedScripts(h, path))));
    }

    private static Map<String, String> trustedScripts(Handle h, String sourcePath) {
        Map<String, String> scripts = new LinkedHashMap<>();
        h.createQuery("SELECT script_path, sha256 FROM trusted_script WHERE source_path = :p ORDER BY seq")
                .bind("p", sourcePath)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> scripts.put(e.getKey(), e.getValue()));
        return scripts;
    }

    @Override
    public void trust(TrustFingerprint f) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM trusted_script WHERE source_path = :p").bind("p", f.sourcePath()).execute();
            h.createUpdate(dialect.upsert("trusted_pipeline", List.of("source_path"), List.of("content_hash", "trusted_at")))
                    .bind(0, f.sourcePath()).bind(1, f.contentHash()).bind(2, ts(Instant.now())).execute();
            PreparedBatch batch = h.prepareBatch("INSERT INTO trusted_script (source_path, seq, script_path, sha256) VALUES (:p, :seq, :s, :h)");
            int seq = 0;
            for (var e : f.scripts().entrySet()) {
                batch.bind("p", f.sourcePath()).bind("seq", seq++).bind("s", e.getKey()).bind("h", e.getValue()).add();
            }
            if (seq > 0) batch.execute();
        });
    }

    @Override
    public void close() {
        synchronized (writerLock) {
            if (writer != null) writer.close();
            writer = null;
        }
        release.run();
    }
}
