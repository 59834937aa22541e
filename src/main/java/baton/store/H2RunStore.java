package baton.store;

import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.JobTransitions;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.model.TrustFingerprint;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store on an H2 database file, shared by every Baton process on the same data directory. */
public final class H2RunStore implements RunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final JdbcConnectionPool pool;
    private final Jdbi jdbi;

    private H2RunStore(JdbcConnectionPool pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    static {
        // AUTO_SERVER (several Baton processes on one data directory) serves the database over TCP;
        // it must never be reachable from another host (docs/security.md)
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    /** Entries the last {@link #open(Path)} had to take group/other rights off (an older Baton left them readable). */
    private int tightened;

    public int tightenedOnOpen() {
        return tightened;
    }

    /**
     * Opens (and creates or upgrades) the database in {@code dataDir}. AUTO_SERVER lets several
     * Baton processes share it: the first one serves it to the others on loopback, and each must
     * know the database's password, kept in an owner-only file of the owner-only data directory.
     */
    public static H2RunStore open(Path dataDir) {
        int tightened;
        try {
            tightened = OwnerOnly.secure(dataDir);
        } catch (Exception e) {
            throw new StoreException("cannot create the data directory " + dataDir + ": " + oneLine(e));
        }
        if (!Files.isWritable(dataDir)) {
            throw new StoreException("the data directory " + dataDir + " is not writable: choose another with --data-dir or fix its permissions");
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("baton") + (Boolean.getBoolean("baton.noAutoServer") ? "" : ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE") + ";WRITE_DELAY=" + Integer.getInteger("baton.writeDelay", 0);
        String password = DatabasePassword.ensure(dataDir, url);
        H2RunStore store = open(url, password);
        store.tightened = tightened;
        for (String name : List.of("baton.mv.db", "baton.lock.db", "baton.trace.db")) {
            try {
                Path f = dataDir.resolve(name);
                if (Files.exists(f)) OwnerOnly.tighten(f);
            } catch (java.io.IOException e) {
                // the data directory itself is 0700: a file we could not tighten is still out of others' reach
            }
        }
        return store;
    }

    /**
     * Opens the database of {@code dataDir} to read it and changes nothing: no folder or file is
     * made, no migration applied, no permission touched (for {@code baton plan}, which must leave
     * the data directory as it found it). Empty when there is no database there yet.
     */
    public static Optional<H2RunStore> openForReading(Path dataDir) {
        Path base = dataDir.toAbsolutePath().resolve("baton");
        if (!Files.isRegularFile(dataDir.resolve("baton.mv.db"))) return Optional.empty();
        String password;
        try {
            Path secret = dataDir.resolve(DatabasePassword.FILE);
            password = Files.isRegularFile(secret) ? Files.readString(secret, java.nio.charset.StandardCharsets.US_ASCII).strip() : "";
        } catch (java.io.IOException e) {
            throw new StoreException("cannot read the database password in " + dataDir + ": " + oneLine(e));
        }
        // read-only needs the file to itself; while another Baton has it open, read through that
        // one's server (H2 refuses AUTO_SERVER together with read-only)
        try {
            return Optional.of(openReading("jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r", password));
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException se && se.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1)) throw e;
        }
        return Optional.of(openReading("jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE", password));
    }

    private static H2RunStore openReading(String url, String password) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", password);
        H2RunStore store = new H2RunStore(pool);
        int version;
        try (var c = pool.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            version = rs.getInt(1);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException("cannot open the database (" + url.replaceFirst(";.*", "") + "): " + oneLine(e), e);
        }
        if (version < Migrations.FILES.size()) {
            pool.dispose();
            throw new StoreException("the database in " + url.replaceFirst("^jdbc:h2:file:", "").replaceFirst("/baton;.*", "")
                    + " was written by an older Baton: run 'baton runs' once to upgrade it, then try again");
        }
        return store;
    }

    /** For tests: {@code jdbc:h2:mem:name;DB_CLOSE_DELAY=-1} and the like. */
    public static H2RunStore open(String jdbcUrl) {
        return open(jdbcUrl, "");
    }

    static H2RunStore open(String jdbcUrl, String password) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, "sa", password);
        pool.setMaxConnections(16);
        H2RunStore store = new H2RunStore(pool);
        try {
            store.jdbi.useHandle(Migrations::apply);
        } catch (RuntimeException e) {
            pool.dispose();
            throw new StoreException("cannot open the database (" + jdbcUrl.replaceFirst(";.*", "") + "): " + oneLine(e), e);
        }
        return store;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        m = nl > 0 ? m.substring(0, nl) : m;
        return m.replaceAll(" \\[[0-9-]+]$", "").replaceAll("; SQL statement:.*", "");
    }

    /**
     * Runs a transaction again when a concurrent one (another run starting, another process)
     * made it trip over a unique key it had checked for: the second look finds the first's row.
     */
    private <T> T retryingConflicts(java.util.function.Supplier<T> tx) {
        for (int i = 0; ; i++) {
            try {
                return tx.get();
            } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
                boolean conflict = e.getCause() instanceof SQLException se && (se.getErrorCode() == 23505 || se.getErrorCode() == 40001);
                if (!conflict || i >= 4) throw e;
            }
        }
    }

    @Override
    public long savePipeline(String pipelineId, String sourcePath, String baseDir, String format, String contentHash, String sourceText) {
        return retryingConflicts(() -> savePipelineOnce(pipelineId, sourcePath, baseDir, format, contentHash, sourceText));
    }

    private long savePipelineOnce(String pipelineId, String sourcePath, String baseDir, String format, String contentHash, String sourceText) {
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
        return retryingConflicts(() -> createRunOnce(run, jobs));
    }

    private RunId createRunOnce(NewRun run, List<NewJob> jobs) {
        return jdbi.inTransaction(h -> {
            RunId id = nextRunId(h, run.startedAt());
            h.createUpdate("INSERT INTO run (id, pipeline_ref, pipeline_id, status, params, switches, already_done, taken_from, left_out, auto_approve, "
                            + "input_path, concurrency, started_at, started_by, owner_pid, owner_host, owner_started_at, heartbeat_at) VALUES "
                            + "(:id, :ref, :pid, :status, :params, :switches, :done, :taken, :left, :auto, :input, :conc, :at, :by, :opid, :ohost, :ostart, :at)")
                    .bind("id", id.value()).bind("ref", run.pipelineRef()).bind("pid", run.pipelineId())
                    .bind("status", RunStatus.RUNNING.wire()).bind("params", json(run.plan().params())).bind("switches", json(run.plan().switches()))
                    .bind("done", json(run.plan().alreadyDone())).bind("auto", run.plan().autoApprove())
                    .bind("taken", json(run.plan().takenFrom())).bind("left", json(run.plan().leftOut()))
                    .bind("input", run.plan().input()).bind("conc", run.plan().concurrency()).bind("at", ts(run.startedAt()))
                    .bind("by", run.startedBy()).bind("opid", run.owner().pid()).bind("ohost", run.owner().host())
                    .bind("ostart", ts(run.owner().processStartedAt()))
                    .execute();
            insertStateChange(h, id, null, 0, null, RunStatus.RUNNING.wire(), run.startedAt(), "started");
            insertJobs(h, id, jobs, run.startedAt());
            insertOutputs(h, id, run.seededOutputs());
            return id;
        });
    }

    private static RunId nextRunId(Handle h, Instant at) {
        String day = LocalDate.ofInstant(at, ZoneOffset.UTC).format(DAY);
        int updated = h.createUpdate("UPDATE run_counter SET last_number = last_number + 1 WHERE run_day = :day").bind("day", day).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO run_counter (run_day, last_number) VALUES (:day, 1)").bind("day", day).execute();
        }
        int n = h.createQuery("SELECT last_number FROM run_counter WHERE run_day = :day").bind("day", day).mapTo(Integer.class).one();
        return new RunId("r-" + day + "-" + String.format("%04d", n));
    }

    private static void insertJobs(Handle h, RunId run, List<NewJob> jobs, Instant at) {
        if (jobs.isEmpty()) return;
        PreparedBatch jb = h.prepareBatch("INSERT INTO job (run_id, job_id, seq, phase_id, item, item_index, lane, status) "
                + "VALUES (:run, :job, :seq, :phase, :item, :idx, :lane, :status)");
        PreparedBatch sb = stateChangeBatch(h);
        for (NewJob j : jobs) {
            jb.bind("run", run.value()).bind("job", j.id()).bind("seq", j.seq()).bind("phase", j.phaseId())
                    .bind("item", j.item()).bind("idx", j.index()).bind("lane", j.lane()).bind("status", JobStatus.PENDING.wire()).add();
            addStateChange(sb, run, j.id(), 0, null, JobStatus.PENDING.wire(), at, null);
        }
        jb.execute();
        sb.execute();
    }

    private static void insertOutputs(Handle h, RunId run, Map<String, Map<String, String>> outputs) {
        if (outputs.isEmpty()) return;
        PreparedBatch b = h.prepareBatch("INSERT INTO job_output (run_id, job_id, output_name, output_value) VALUES (:run, :job, :name, :value)");
        outputs.forEach((job, values) -> values.forEach((name, value) ->
                b.bind("run", run.value()).bind("job", job).bind("name", name).bind("value", value).add()));
        if (b.size() > 0) b.execute();
    }

    @Override
    public void commit(List<Change> changes) {
        if (changes.isEmpty()) return;
        synchronized (writerLock) {
            try {
                if (writer == null) writer = new CommitWriter(pool.getConnection());
                writer.write(changes);
            } catch (SQLException e) {
                CommitWriter broken = writer;
                writer = null;
                if (broken != null) broken.close();
                throw new StoreException("cannot record the change: " + oneLine(e), e);
            }
        }
    }

    private final Object writerLock = new Object();
    private CommitWriter writer;

    private static PreparedBatch stateChangeBatch(Handle h) {
        return h.prepareBatch("INSERT INTO state_change (run_id, job_id, attempt, from_status, to_status, changed_at, reason) "
                + "VALUES (:run, :job, :attempt, :from, :to, :at, :reason)");
    }

    private static void addStateChange(PreparedBatch b, RunId run, String job, int attempt, String from, String to, Instant at, String reason) {
        b.bind("run", run.value()).bind("job", job).bind("attempt", attempt).bind("from", from).bind("to", to)
                .bind("at", ts(at)).bind("reason", truncate(reason)).add();
    }

    private static void insertStateChange(Handle h, RunId run, String job, int attempt, String from, String to, Instant at, String reason) {
        PreparedBatch b = stateChangeBatch(h);
        addStateChange(b, run, job, attempt, from, to, at, reason);
        b.execute();
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

    private static final String RUN_SELECT = "SELECT r.*, p.source_path FROM run r JOIN pipeline_def p ON p.ref = r.pipeline_ref ";

    @Override
    public Optional<RunRecord> run(RunId id) {
        return jdbi.withHandle(h -> h.createQuery(RUN_SELECT + "WHERE r.id = :id").bind("id", id.value()).map(H2RunStore::runRecord).findOne());
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return jdbi.withHandle(h -> h.createQuery(RUN_SELECT + "ORDER BY r.started_at DESC, r.id DESC LIMIT :limit")
                .bind("limit", limit).map(H2RunStore::runRecord).list());
    }

    @Override
    public List<RunRecord> runsWithStatus(RunStatus status) {
        return jdbi.withHandle(h -> h.createQuery(RUN_SELECT + "WHERE r.status = :s ORDER BY r.started_at")
                .bind("s", status.wire()).map(H2RunStore::runRecord).list());
    }

    private static RunRecord runRecord(ResultSet rs, StatementContext ctx) throws SQLException {
        long pid = rs.getLong("owner_pid");
        RunOwner owner = rs.wasNull() ? null
                : new RunOwner(pid, rs.getString("owner_host"), instant(rs, "owner_started_at"), instant(rs, "heartbeat_at"));
        return new RunRecord(new RunId(rs.getString("id")), rs.getLong("pipeline_ref"), rs.getString("pipeline_id"),
                RunStatus.fromWire(rs.getString("status")), fromJson(rs.getString("params"), new TypeReference<LinkedHashMap<String, String>>() {}),
                fromJson(rs.getString("switches"), new TypeReference<LinkedHashMap<String, Boolean>>() {}),
                rs.getString("input_path"), rs.getInt("concurrency"), instant(rs, "started_at"), instant(rs, "ended_at"),
                rs.getString("started_by"), rs.getString("source_path"), owner,
                rs.getString("already_done") == null ? java.util.Set.of()
                        : fromJson(rs.getString("already_done"), new TypeReference<java.util.LinkedHashSet<String>>() {}),
                rs.getString("taken_from") == null ? Map.of() : fromJson(rs.getString("taken_from"), new TypeReference<LinkedHashMap<String, String>>() {}),
                rs.getString("left_out") == null ? Map.of() : fromJson(rs.getString("left_out"), new TypeReference<LinkedHashMap<String, String>>() {}),
                rs.getBoolean("auto_approve"));
    }

    @Override
    public List<JobRecord> jobs(RunId run) {
        return jdbi.withHandle(h -> {
            Map<String, Map<String, String>> outputs = new HashMap<>();
            h.createQuery("SELECT job_id, output_name, output_value FROM job_output WHERE run_id = :run ORDER BY job_id, output_name").bind("run", run.value())
                    .map((rs, ctx) -> {
                        outputs.computeIfAbsent(rs.getString("job_id"), k -> new LinkedHashMap<>()).put(rs.getString("output_name"), rs.getString("output_value"));
                        return 0;
                    }).list();
            Map<String, Map<String, Double>> metrics = new HashMap<>();
            attemptMetrics(h, run).forEach((job, byAttempt) -> metrics.put(job, baton.model.Metrics.sum(byAttempt.values())));
            Map<String, List<baton.model.Artifact>> artifacts = new HashMap<>();
            h.createQuery("SELECT * FROM job_artifact WHERE run_id = :run ORDER BY job_id, attempt, path").bind("run", run.value())
                    .map((rs, ctx) -> {
                        artifacts.computeIfAbsent(rs.getString("job_id"), k -> new java.util.ArrayList<>()).add(new baton.model.Artifact(
                                rs.getString("path"), rs.getLong("size"), rs.getString("sha256"), rs.getInt("attempt"), rs.getString("link_target")));
                        return 0;
                    }).list();
            Map<String, List<String>> warnings = new HashMap<>();
            h.createQuery("SELECT job_id, attempt, message FROM job_warning WHERE run_id = :run ORDER BY seq").bind("run", run.value())
                    .map((rs, ctx) -> {
                        warnings.computeIfAbsent(rs.getString("job_id"), k -> new java.util.ArrayList<>())
                                .add("attempt " + rs.getInt("attempt") + ": " + rs.getString("message"));
                        return 0;
                    }).list();
            return h.createQuery("SELECT * FROM job WHERE run_id = :run ORDER BY seq").bind("run", run.value())
                    .map((rs, ctx) -> new JobRecord(rs.getString("job_id"), rs.getString("phase_id"), rs.getInt("seq"), rs.getString("item"),
                            integer(rs, "item_index"), rs.getString("lane"), JobStatus.fromWire(rs.getString("status")), rs.getInt("attempts"),
                            integer(rs, "exit_code"), instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("error"),
                            outputs.getOrDefault(rs.getString("job_id"), Map.of()), metrics.getOrDefault(rs.getString("job_id"), Map.of()),
                            artifacts.getOrDefault(rs.getString("job_id"), List.of()), warnings.getOrDefault(rs.getString("job_id"), List.of())))
                    .list();
        });
    }

    /** Each job's metrics by attempt number. */
    private static Map<String, Map<Integer, Map<String, Double>>> attemptMetrics(Handle h, RunId run) {
        Map<String, Map<Integer, Map<String, Double>>> metrics = new HashMap<>();
        h.createQuery("SELECT job_id, attempt, metric_name, metric_value FROM attempt_metric WHERE run_id = :run ORDER BY job_id, attempt, metric_name")
                .bind("run", run.value()).map((rs, ctx) -> {
                    metrics.computeIfAbsent(rs.getString("job_id"), k -> new java.util.TreeMap<>())
                            .computeIfAbsent(rs.getInt("attempt"), k -> new LinkedHashMap<>())
                            .put(rs.getString("metric_name"), rs.getDouble("metric_value"));
                    return 0;
                }).list();
        return metrics;
    }

    @Override
    public List<AttemptRecord> attempts(RunId run) {
        return jdbi.withHandle(h -> {
            Map<String, Map<Integer, Map<String, Double>>> metrics = attemptMetrics(h, run);
            return h.createQuery("SELECT a.* FROM attempt a JOIN job j ON j.run_id = a.run_id AND j.job_id = a.job_id "
                        + "WHERE a.run_id = :run ORDER BY j.seq, a.attempt")
                .bind("run", run.value())
                .map((rs, ctx) -> {
                    long rawPid = rs.getLong("pid");
                    Long pid = rs.wasNull() ? null : rawPid;
                    return new AttemptRecord(rs.getString("job_id"), rs.getInt("attempt"), JobStatus.fromWire(rs.getString("status")),
                            instant(rs, "started_at"), instant(rs, "ended_at"), integer(rs, "exit_code"), rs.getString("error"),
                            pid, rs.getString("log_path"), rs.getLong("log_size"),
                            metrics.getOrDefault(rs.getString("job_id"), Map.of()).getOrDefault(rs.getInt("attempt"), Map.of()));
                })
                .list();
        });
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
    public List<String[]> spawnedPhases(RunId run) {
        return jdbi.withHandle(h -> h.createQuery("SELECT spawner_job, spawn_file FROM spawned_phase WHERE run_id = :run ORDER BY seq")
                .bind("run", run.value()).map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).list());
    }

    @Override
    public long request(RunId run, String jobId, baton.model.RunRequest.Kind kind, String requestedBy, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO run_request (run_id, job_id, kind, requested_by, requested_at) "
                        + "VALUES (:run, :job, :kind, :by, :at)")
                .bind("run", run.value()).bind("job", jobId).bind("kind", kind.wire()).bind("by", requestedBy).bind("at", ts(at))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    @Override
    public List<baton.model.RunRequest> openRequests(RunId run) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, job_id, kind, requested_by, requested_at FROM run_request "
                        + "WHERE run_id = :run AND handled_at IS NULL ORDER BY id")
                .bind("run", run.value())
                .map((rs, ctx) -> new baton.model.RunRequest(rs.getLong("id"), run, rs.getString("job_id"),
                        baton.model.RunRequest.Kind.fromWire(rs.getString("kind")), rs.getString("requested_by"), instant(rs, "requested_at")))
                .list());
    }

    @Override
    public Optional<String> requestOutcome(long requestId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT outcome FROM run_request WHERE id = :id AND handled_at IS NOT NULL")
                .bind("id", requestId).mapTo(String.class).findOne());
    }

    @Override
    public java.util.Set<String> approvedJobs(RunId run) {
        return new java.util.HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT job_id FROM run_request WHERE run_id = :run "
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
            h.createUpdate("MERGE INTO trusted_pipeline (source_path, content_hash, trusted_at) KEY (source_path) VALUES (:p, :c, :at)")
                    .bind("p", f.sourcePath()).bind("c", f.contentHash()).bind("at", ts(Instant.now())).execute();
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
        pool.dispose();
    }

    // --- conversions ---

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Integer integer(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3990) + " …";
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + o, e);
        }
    }

    private static <T> T fromJson(String s, TypeReference<T> type) {
        try {
            return JSON.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored value is not valid JSON: " + s, e);
        }
    }

}
