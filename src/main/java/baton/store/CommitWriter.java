package baton.store;

import baton.model.JobStatus;
import baton.model.JobTransitions;
import baton.model.RunId;
import baton.model.RunStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static baton.store.Columns.json;
import static baton.store.Columns.truncate;
import static baton.store.Columns.ts;

/**
 * Writes runs and group commits on one long-lived connection with statements prepared once:
 * the one place where runs, jobs and state changes are inserted. Every engine step is one
 * commit, on the path between a job ending and the next one starting, so this is plain JDBC:
 * through Jdbi a commit cost about ten times as much (see docs/decisions/0003-commit-path.md).
 */
final class CommitWriter implements AutoCloseable {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /**
     * The updates of every job step. Each finds its row by the primary key; H2 plans them once,
     * when they are prepared, often on empty tables (V010, and {@code WritePlanTest}).
     * <p>
     * One update takes a job through all its moves in a batch ({@link JobSettle}): each column
     * is set, kept, or (the exit code, the first start) kept unless it has none yet.
     */
    static final String JOB_MOVE = "UPDATE job SET status = ?, version = version + ?, "
            + "exit_code = CASE WHEN CAST(? AS BOOLEAN) THEN CAST(? AS INT) ELSE COALESCE(CAST(? AS INT), exit_code) END, "
            + "error = CAST(? AS VARCHAR), "
            + "ended_at = CASE WHEN CAST(? AS BOOLEAN) THEN CAST(? AS TIMESTAMP(6) WITH TIME ZONE) ELSE ended_at END, "
            + "attempts = CASE WHEN CAST(? AS BOOLEAN) THEN CAST(? AS INT) ELSE attempts END, "
            + "started_at = CASE WHEN CAST(? AS BOOLEAN) THEN COALESCE(started_at, CAST(? AS TIMESTAMP(6) WITH TIME ZONE)) ELSE started_at END "
            + "WHERE run_id = ? AND job_id = ? AND status = ?";
    static final String ATTEMPT_PID = "UPDATE attempt SET pid = COALESCE(?, pid), handle = COALESCE(?, handle), node = COALESCE(?, node), "
            + "started_at = COALESCE(?, started_at) WHERE run_id = ? AND job_id = ? AND attempt = ?";
    static final String ATTEMPT_END = "UPDATE attempt SET status = ?, ended_at = ?, exit_code = ?, error = ?, log_size = ? "
            + "WHERE run_id = ? AND job_id = ? AND attempt = ?";

    private final Connection c;
    private final PreparedStatement jobMove, history, jobInsert, attemptStart, attemptPid, attemptEnd, output, runMove,
            metricClear, metric, artifact, warning, spawned, runInsert, counterBump, counterInsert, counterRead, journalMark;

    CommitWriter(Connection c, Dialect dialect) throws SQLException {
        this.c = c;
        c.setAutoCommit(false);
        jobMove = c.prepareStatement(JOB_MOVE);
        history = c.prepareStatement("INSERT INTO state_change (run_id, job_id, attempt, from_status, to_status, changed_at, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)");
        jobInsert = c.prepareStatement("INSERT INTO job (run_id, job_id, seq, phase_id, item, item_index, lane, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        attemptStart = c.prepareStatement("INSERT INTO attempt (run_id, job_id, attempt, status, started_at, pid, log_path, handle, node, "
                + "ended_at, exit_code, error, log_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        attemptPid = c.prepareStatement(ATTEMPT_PID);
        attemptEnd = c.prepareStatement(ATTEMPT_END);
        output = c.prepareStatement(dialect.upsert("job_output", List.of("run_id", "job_id", "output_name"), List.of("output_value")));
        metricClear = c.prepareStatement("DELETE FROM attempt_metric WHERE run_id = ? AND job_id = ? AND attempt = ?");
        metric = c.prepareStatement("INSERT INTO attempt_metric (run_id, job_id, attempt, metric_name, metric_value) VALUES (?, ?, ?, ?, ?)");
        artifact = c.prepareStatement(dialect.upsert("job_artifact", List.of("run_id", "job_id", "attempt", "path"),
                List.of("size", "sha256", "link_target")));
        spawned = c.prepareStatement("INSERT INTO spawned_phase (run_id, spawner_job, spawn_file) VALUES (?, ?, ?)");
        warning = c.prepareStatement("INSERT INTO job_warning (run_id, job_id, attempt, message) VALUES (?, ?, ?, ?)");
        runMove = c.prepareStatement("UPDATE run SET status = ?, version = version + 1, "
                + "ended_at = CASE WHEN CAST(? AS BOOLEAN) THEN CAST(? AS TIMESTAMP(6) WITH TIME ZONE) ELSE NULL END "
                + "WHERE id = ? AND status = ?");
        runInsert = c.prepareStatement("INSERT INTO run (id, pipeline_ref, pipeline_id, status, params, switches, already_done, taken_from, "
                + "left_out, auto_approve, input_path, concurrency, started_at, started_by, owner_pid, owner_host, owner_started_at, heartbeat_at, "
                + "executor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        counterBump = c.prepareStatement("UPDATE run_counter SET last_number = last_number + 1 WHERE run_day = ?");
        counterInsert = c.prepareStatement("INSERT INTO run_counter (run_day, last_number) VALUES (?, 1)");
        counterRead = c.prepareStatement("SELECT last_number FROM run_counter WHERE run_day = ?");
        journalMark = c.prepareStatement("UPDATE journal_mark SET applied_seq = ? WHERE id = 1");
    }

    /**
     * Creates the run in RUNNING, its jobs in PENDING with their first state changes, and the
     * outputs it starts with, in one transaction. A concurrent start of another run can make it
     * trip over a key it had checked for (the day's counter): it then throws a conflict
     * ({@link SqlState#isConflict}) after undoing everything, and may be called again.
     */
    RunId createRun(NewRun run, List<NewJob> jobs) throws SQLException {
        try {
            RunId id = nextRunId(run.startedAt());
            var plan = run.plan();
            setAll(runInsert, id.value(), run.pipelineRef(), run.pipelineId(), RunStatus.RUNNING.wire(), json(plan.params()), json(plan.switches()),
                    json(plan.alreadyDone()), json(plan.takenFrom()), json(plan.leftOut()), plan.autoApprove(), plan.input(), plan.concurrency(),
                    ts(run.startedAt()), run.startedBy(), run.owner().pid(), run.owner().host(), ts(run.owner().processStartedAt()),
                    ts(run.startedAt()), plan.executor());
            runInsert.executeUpdate();
            setAll(history, id.value(), null, 0, null, RunStatus.RUNNING.wire(), ts(run.startedAt()), "started");
            history.addBatch();
            for (NewJob j : jobs) addJob(id, j, run.startedAt());
            if (!jobs.isEmpty()) jobInsert.executeBatch();
            history.executeBatch();
            int outputs = 0;
            for (var job : run.seededOutputs().entrySet()) outputs += addOutputs(id, job.getKey(), job.getValue());
            if (outputs > 0) output.executeBatch();
            c.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            undo();
            throw e;
        }
    }

    private RunId nextRunId(Instant at) throws SQLException {
        String day = LocalDate.ofInstant(at, ZoneOffset.UTC).format(DAY);
        counterBump.setString(1, day);
        if (counterBump.executeUpdate() == 0) {
            counterInsert.setString(1, day);
            counterInsert.executeUpdate();
        }
        counterRead.setString(1, day);
        try (var rs = counterRead.executeQuery()) {
            rs.next();
            return new RunId("r-" + day + "-" + String.format("%04d", rs.getInt(1)));
        }
    }

    /** Adds a new job in PENDING and its first state change to the batches. */
    private void addJob(RunId run, NewJob j, Instant at) throws SQLException {
        addJobRow(run, j);
        addFirstChange(run, j, at);
    }

    private void addJobRow(RunId run, NewJob j) throws SQLException {
        setAll(jobInsert, run.value(), j.id(), j.seq(), j.phaseId(), j.item(), j.index(), j.lane(), JobStatus.PENDING.wire());
        jobInsert.addBatch();
    }

    /** A new job's first state change: made pending. */
    private void addFirstChange(RunId run, NewJob j, Instant at) throws SQLException {
        setAll(history, run.value(), j.id(), 0, null, JobStatus.PENDING.wire(), ts(at), null);
        history.addBatch();
    }

    private int addOutputs(RunId run, String jobId, Map<String, String> outputs) throws SQLException {
        for (var e : outputs.entrySet()) {
            setAll(output, run.value(), jobId, e.getKey(), e.getValue());
            output.addBatch();
        }
        return outputs.size();
    }

    void write(List<Change> changes) throws SQLException {
        try {
            stage(changes);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            undo();
            throw e;
        }
    }

    /**
     * Writes journaled commits in one transaction with the journal's mark (the last one written),
     * as one batch: the same rows and history as each alone, a job's moves in one update and an
     * attempt in one insert.
     */
    void writeJournaled(List<ChangeCodec.Commit> commits, long mark) throws SQLException {
        try {
            List<Change> all = new ArrayList<>();
            for (ChangeCodec.Commit commit : commits) all.addAll(commit.changes());
            stage(all);
            journalMark.setLong(1, mark);
            if (journalMark.executeUpdate() != 1) throw new SQLException("the journal's mark is missing from the database");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            undo();
            throw e;
        }
    }

    long journalMark() throws SQLException {
        try (var ps = c.prepareStatement("SELECT applied_seq FROM journal_mark WHERE id = 1"); var rs = ps.executeQuery()) {
            long mark = rs.next() ? rs.getLong(1) : 0;
            c.commit();
            return mark;
        }
    }

    /** Executes {@code changes} in the open transaction; the caller commits, or undoes on a throw. */
    private void stage(List<Change> changes) throws SQLException {
        // a job's moves in this batch become one update, an attempt begun in it one insert
        Map<JobKey, JobSettle> settles = new LinkedHashMap<>();
        Map<AttemptKey, NewAttempt> begun = new LinkedHashMap<>();
        // an attempt's metrics replace what it had; of several for one attempt in a batch, the last wins
        Map<AttemptKey, Map<String, Double>> metrics = new LinkedHashMap<>();
        int jobInserts = 0, pids = 0, ends = 0, outputs = 0, historyRows = 0, extras = 0;
        for (Change ch : changes) {
            if (ch instanceof Change.PhasesSpawned s) {
                setAll(spawned, s.run().value(), s.spawnerJob(), s.spawnFile());
                spawned.executeUpdate();
            }
            if (ch instanceof Change.JobsAdded j) {
                for (NewJob nj : j.jobs()) {
                    addJobRow(j.run(), nj);
                    jobInserts++;
                }
            }
        }
        if (jobInserts > 0) jobInsert.executeBatch();
        for (Change ch : changes) {
            switch (ch) {
                case Change.JobMoved m -> {
                    JobTransitions.check(m.from(), m.to());
                    JobKey key = new JobKey(m.run().value(), m.jobId());
                    JobSettle settle = settles.get(key);
                    if (settle == null) settles.put(key, new JobSettle(m));
                    else settle.then(m);
                    setAll(history, m.run().value(), m.jobId(), m.attempt(), m.from().wire(), m.to().wire(), ts(m.at()), truncate(m.reason()));
                    history.addBatch();
                    historyRows++;
                }
                case Change.AttemptStarted a -> {
                    // as the table's key would refuse a second insert of one attempt
                    if (begun.putIfAbsent(new AttemptKey(a.run().value(), a.jobId(), a.attempt()), new NewAttempt(a)) != null) {
                        throw new SQLIntegrityConstraintViolationException("attempt " + a.attempt() + " of job " + a.jobId() + " of run "
                                + a.run() + " begins twice", "23505");
                    }
                }
                case Change.AttemptSpawned a -> {
                    NewAttempt row = begun.get(new AttemptKey(a.run().value(), a.jobId(), a.attempt()));
                    if (row != null) {
                        row.spawned(a);
                    } else {
                        setAll(attemptPid, a.pid(), truncate(a.handle()), truncate(a.node()), a.at() == null ? null : ts(a.at()),
                                a.run().value(), a.jobId(), a.attempt());
                        attemptPid.addBatch();
                        pids++;
                    }
                }
                case Change.AttemptEnded a -> {
                    NewAttempt row = begun.get(new AttemptKey(a.run().value(), a.jobId(), a.attempt()));
                    if (row != null) {
                        row.ended = a;
                    } else {
                        setAll(attemptEnd, a.status().wire(), ts(a.at()), a.exitCode(), truncate(a.error()), a.logSize(),
                                a.run().value(), a.jobId(), a.attempt());
                        attemptEnd.addBatch();
                        ends++;
                    }
                }
                case Change.OutputsRecorded o -> outputs += addOutputs(o.run(), o.jobId(), o.outputs());
                case Change.RunMoved r -> {
                    setAll(runMove, r.to().wire(), r.to().isTerminal(), ts(r.at()), r.run().value(), r.from().wire());
                    if (runMove.executeUpdate() != 1) throw new StaleStateException("run " + r.run() + " is not " + r.from().wire() + " any more");
                    setAll(history, r.run().value(), null, 0, r.from().wire(), r.to().wire(), ts(r.at()), truncate(r.reason()));
                    history.addBatch();
                    historyRows++;
                }
                case Change.JobsAdded j -> {
                    // their first state changes, where they come in the batch (the rows went in first, above)
                    for (NewJob nj : j.jobs()) {
                        addFirstChange(j.run(), nj, j.at());
                        historyRows++;
                    }
                }
                case Change.PhasesSpawned s -> {}
                case Change.RequestHandled rh -> {
                    // rare (a person asked): a statement of its own rather than a batch
                    try (var ps = c.prepareStatement("UPDATE run_request SET handled_at = ?, outcome = ? WHERE id = ? AND handled_at IS NULL")) {
                        setAll(ps, ts(rh.at()), truncate(rh.outcome()), rh.requestId());
                        ps.executeUpdate();
                    }
                }
                case Change.MetricsRecorded mr -> metrics.put(new AttemptKey(mr.run().value(), mr.jobId(), mr.attempt()), mr.metrics());
                case Change.ArtifactsRecorded ar -> {
                    for (var a : ar.artifacts()) {
                        setAll(artifact, ar.run().value(), ar.jobId(), a.attempt(), a.path(), a.size(), a.sha256(), a.linkTarget());
                        artifact.addBatch();
                        extras++;
                    }
                }
                case Change.WarningsRecorded wr -> {
                    for (String w : wr.warnings()) {
                        setAll(warning, wr.run().value(), wr.jobId(), wr.attempt(), truncate(w));
                        warning.addBatch();
                        extras++;
                    }
                }
            }
        }
        if (!settles.isEmpty()) {
            List<JobSettle> inOrder = new ArrayList<>(settles.values());
            for (JobSettle js : inOrder) {
                setAll(jobMove, js.status.wire(), js.moves, js.exitSet, js.exit, js.exit, js.error, js.endedSet, js.ended == null ? null : ts(js.ended),
                        js.attemptSet, js.attempt, js.firstStart != null, js.firstStart == null ? null : ts(js.firstStart),
                        js.first.run().value(), js.first.jobId(), js.first.from().wire());
                jobMove.addBatch();
            }
            int[] counts = jobMove.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 1) throw stale(inOrder.get(i).first);
            }
        }
        if (!begun.isEmpty()) {
            for (NewAttempt a : begun.values()) {
                Change.AttemptEnded end = a.ended;
                setAll(attemptStart, a.started.run().value(), a.started.jobId(), a.started.attempt(),
                        end == null ? JobStatus.RUNNING.wire() : end.status().wire(), ts(a.startedAt), a.pid, a.started.logPath(),
                        truncate(a.handle), truncate(a.node), end == null ? null : ts(end.at()), end == null ? null : end.exitCode(),
                        end == null ? null : truncate(end.error()), end == null ? 0L : end.logSize());
                attemptStart.addBatch();
            }
            attemptStart.executeBatch();
        }
        if (pids > 0) attemptPid.executeBatch();
        if (ends > 0) attemptEnd.executeBatch();
        if (outputs > 0) output.executeBatch();
        if (!metrics.isEmpty()) writeMetrics(metrics);
        if (extras > 0) {
            artifact.executeBatch();
            warning.executeBatch();
        }
        if (historyRows > 0) history.executeBatch();
    }

    private static StaleStateException stale(Change.JobMoved m) {
        return new StaleStateException("job " + m.jobId() + " of run " + m.run() + " is not " + m.from().wire()
                + " any more (another process changed it?)");
    }

    private record JobKey(String run, String job) {}

    /**
     * A job's moves in one batch, as one update: from the first move's state to the last one's,
     * each column as the moves one after the other would leave it.
     */
    private static final class JobSettle {
        final Change.JobMoved first;
        JobStatus status;
        int moves;
        boolean exitSet, endedSet, attemptSet;
        Integer exit, attempt;
        String error;
        Instant ended, firstStart;

        JobSettle(Change.JobMoved m) {
            first = m;
            status = m.from();
            then(m);
        }

        void then(Change.JobMoved m) {
            if (m.from() != status) throw stale(m); // the batch itself moves it from elsewhere
            // a job that goes back to waiting or starts a new attempt has no exit code yet
            boolean clear = m.to() == JobStatus.PENDING || m.to() == JobStatus.QUEUED || m.to() == JobStatus.RUNNING;
            if (clear) {
                exitSet = true;
                exit = null;
            } else if (m.exitCode() != null) {
                exit = m.exitCode(); // set, or kept unless there is none yet, as before
            }
            // the error is the latest attempt's (or why the job was blocked/skipped): never left over
            error = clear ? null : truncate(m.error());
            if (m.to().isTerminal()) {
                endedSet = true;
                ended = m.at();
            } else if (clear) {
                endedSet = true;
                ended = null;
            }
            // a move to running starts an attempt: its number and the job's first start ride along
            if (m.to() == JobStatus.RUNNING) {
                attemptSet = true;
                attempt = m.attempt();
                if (firstStart == null) firstStart = m.at();
            }
            status = m.to();
            moves++;
        }
    }

    /** An attempt begun in this batch, with what the batch says of it later: one insert. */
    private static final class NewAttempt {
        final Change.AttemptStarted started;
        Instant startedAt;
        Long pid;
        String handle, node;
        Change.AttemptEnded ended;

        NewAttempt(Change.AttemptStarted a) {
            started = a;
            startedAt = a.at();
            pid = a.pid() > 0 ? a.pid() : null;
        }

        void spawned(Change.AttemptSpawned a) {
            if (a.pid() != null) pid = a.pid();
            if (a.handle() != null) handle = a.handle();
            if (a.node() != null) node = a.node();
            if (a.at() != null) startedAt = a.at();
        }
    }

    /** Drops what was batched and rolls the transaction back, leaving the connection ready for the next one. */
    private void undo() throws SQLException {
        for (PreparedStatement ps : List.of(jobMove, history, jobInsert, attemptStart, attemptPid, attemptEnd, output, metricClear, metric,
                artifact, warning)) {
            try {
                ps.clearBatch();
            } catch (SQLException e) {
                // a broken connection: the rollback below says so, and the store then replaces the connection
                System.getLogger("baton.store").log(System.Logger.Level.DEBUG, "cannot clear a batch: " + e.getMessage());
            }
        }
        c.rollback();
    }

    private record AttemptKey(String run, String job, int attempt) {}

    private void writeMetrics(Map<AttemptKey, Map<String, Double>> metrics) throws SQLException {
        boolean anyRow = false;
        for (var e : metrics.entrySet()) {
            AttemptKey k = e.getKey();
            setAll(metricClear, k.run(), k.job(), k.attempt());
            metricClear.addBatch();
            for (var m : e.getValue().entrySet()) {
                setAll(metric, k.run(), k.job(), k.attempt(), m.getKey(), m.getValue());
                metric.addBatch();
                anyRow = true;
            }
        }
        metricClear.executeBatch();
        if (anyRow) metric.executeBatch();
    }

    private static void setAll(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) ps.setNull(i + 1, Types.NULL);
            else ps.setObject(i + 1, v);
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException e) {
            // closing a connection that broke (the reason it is closed): nothing more to lose
            System.getLogger("baton.store").log(System.Logger.Level.DEBUG, "closing a broken connection: " + e.getMessage());
        }
    }
}
