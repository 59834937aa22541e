package baton.store;

import baton.model.JobStatus;
import baton.model.JobTransitions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static baton.store.H2RunStore.truncate;
import static baton.store.H2RunStore.ts;

/**
 * Writes group commits on one long-lived connection with statements prepared once. Every
 * engine step is one commit, on the path between a job ending and the next one starting,
 * so this is plain JDBC: through Jdbi a commit cost about ten times as much (see
 * docs/decisions/0003-commit-path.md).
 */
final class CommitWriter implements AutoCloseable {
    private final Connection c;
    private final PreparedStatement jobMove, history, jobInsert, attemptStart, attemptJob, attemptPid, attemptEnd, output, runMove,
            metricClear, metric, artifact, warning, spawned;

    CommitWriter(Connection c) throws SQLException {
        this.c = c;
        c.setAutoCommit(false);
        jobMove = c.prepareStatement("UPDATE job SET status = ?, version = version + 1, "
                + "exit_code = CASE WHEN CAST(? AS BOOLEAN) THEN NULL ELSE COALESCE(CAST(? AS INT), exit_code) END, "
                // the error is the latest attempt's (or why the job was blocked/skipped): never left over
                + "error = CASE WHEN CAST(? AS BOOLEAN) THEN NULL ELSE CAST(? AS VARCHAR) END, "
                + "ended_at = CASE WHEN CAST(? AS BOOLEAN) THEN CAST(? AS TIMESTAMP(6) WITH TIME ZONE) "
                + "WHEN CAST(? AS BOOLEAN) THEN NULL ELSE ended_at END "
                + "WHERE run_id = ? AND job_id = ? AND status = ?");
        history = c.prepareStatement("INSERT INTO state_change (run_id, job_id, attempt, from_status, to_status, changed_at, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)");
        jobInsert = c.prepareStatement("INSERT INTO job (run_id, job_id, seq, phase_id, item, item_index, lane, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        attemptStart = c.prepareStatement("INSERT INTO attempt (run_id, job_id, attempt, status, started_at, pid, log_path) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)");
        attemptJob = c.prepareStatement("UPDATE job SET attempts = ?, started_at = COALESCE(started_at, ?), version = version + 1 "
                + "WHERE run_id = ? AND job_id = ?");
        attemptPid = c.prepareStatement("UPDATE attempt SET pid = ?, started_at = ? WHERE run_id = ? AND job_id = ? AND attempt = ?");
        attemptEnd = c.prepareStatement("UPDATE attempt SET status = ?, ended_at = ?, exit_code = ?, error = ?, log_size = ? "
                + "WHERE run_id = ? AND job_id = ? AND attempt = ?");
        output = c.prepareStatement("MERGE INTO job_output (run_id, job_id, output_name, output_value) "
                + "KEY (run_id, job_id, output_name) VALUES (?, ?, ?, ?)");
        metricClear = c.prepareStatement("DELETE FROM attempt_metric WHERE run_id = ? AND job_id = ? AND attempt = ?");
        metric = c.prepareStatement("INSERT INTO attempt_metric (run_id, job_id, attempt, metric_name, metric_value) VALUES (?, ?, ?, ?, ?)");
        artifact = c.prepareStatement("MERGE INTO job_artifact (run_id, job_id, attempt, path, size, sha256, link_target) "
                + "KEY (run_id, job_id, attempt, path) VALUES (?, ?, ?, ?, ?, ?, ?)");
        spawned = c.prepareStatement("INSERT INTO spawned_phase (run_id, spawner_job, spawn_file) VALUES (?, ?, ?)");
        warning = c.prepareStatement("INSERT INTO job_warning (run_id, job_id, attempt, message) VALUES (?, ?, ?, ?)");
        runMove = c.prepareStatement("UPDATE run SET status = ?, version = version + 1, "
                + "ended_at = CASE WHEN CAST(? AS BOOLEAN) THEN CAST(? AS TIMESTAMP(6) WITH TIME ZONE) ELSE NULL END "
                + "WHERE id = ? AND status = ?");
    }

    void write(List<Change> changes) throws SQLException {
        List<Change.JobMoved> moves = new ArrayList<>();
        // an attempt's metrics replace what it had; of several for one attempt in a batch, the last wins
        java.util.Map<AttemptKey, java.util.Map<String, Double>> metrics = new java.util.LinkedHashMap<>();
        int jobInserts = 0, starts = 0, pids = 0, ends = 0, outputs = 0, historyRows = 0, extras = 0;
        try {
            for (Change ch : changes) {
                if (ch instanceof Change.PhasesSpawned s) {
                    setAll(spawned, s.run().value(), s.spawnerJob(), s.spawnFile());
                    spawned.executeUpdate();
                }
                if (ch instanceof Change.JobsAdded j) {
                    for (NewJob nj : j.jobs()) {
                        setAll(jobInsert, j.run().value(), nj.id(), nj.seq(), nj.phaseId(), nj.item(), nj.index(), nj.lane(), JobStatus.PENDING.wire());
                        jobInsert.addBatch();
                        setAll(history, j.run().value(), nj.id(), 0, null, JobStatus.PENDING.wire(), ts(j.at()), null);
                        history.addBatch();
                        jobInserts++;
                        historyRows++;
                    }
                }
            }
            if (jobInserts > 0) jobInsert.executeBatch();
            for (Change ch : changes) {
                switch (ch) {
                    case Change.JobMoved m -> {
                        JobTransitions.check(m.from(), m.to());
                        // a job that goes back to waiting or starts a new attempt has no exit code yet
                        boolean clear = m.to() == JobStatus.PENDING || m.to() == JobStatus.QUEUED || m.to() == JobStatus.RUNNING;
                        setAll(jobMove, m.to().wire(), clear, m.exitCode(), clear, truncate(m.error()), m.to().isTerminal(), ts(m.at()), clear,
                                m.run().value(), m.jobId(), m.from().wire());
                        jobMove.addBatch();
                        moves.add(m);
                        setAll(history, m.run().value(), m.jobId(), m.attempt(), m.from().wire(), m.to().wire(), ts(m.at()), truncate(m.reason()));
                        history.addBatch();
                        historyRows++;
                    }
                    case Change.AttemptStarted a -> {
                        setAll(attemptStart, a.run().value(), a.jobId(), a.attempt(), JobStatus.RUNNING.wire(), ts(a.at()),
                                a.pid() > 0 ? a.pid() : null, a.logPath());
                        attemptStart.addBatch();
                        setAll(attemptJob, a.attempt(), ts(a.at()), a.run().value(), a.jobId());
                        attemptJob.addBatch();
                        starts++;
                    }
                    case Change.AttemptSpawned a -> {
                        setAll(attemptPid, a.pid(), ts(a.at()), a.run().value(), a.jobId(), a.attempt());
                        attemptPid.addBatch();
                        pids++;
                    }
                    case Change.AttemptEnded a -> {
                        setAll(attemptEnd, a.status().wire(), ts(a.at()), a.exitCode(), truncate(a.error()), a.logSize(),
                                a.run().value(), a.jobId(), a.attempt());
                        attemptEnd.addBatch();
                        ends++;
                    }
                    case Change.OutputsRecorded o -> {
                        for (var e : o.outputs().entrySet()) {
                            setAll(output, o.run().value(), o.jobId(), e.getKey(), e.getValue());
                            output.addBatch();
                            outputs++;
                        }
                    }
                    case Change.RunMoved r -> {
                        setAll(runMove, r.to().wire(), r.to().isTerminal(), ts(r.at()), r.run().value(), r.from().wire());
                        if (runMove.executeUpdate() != 1) throw new StaleStateException("run " + r.run() + " is not " + r.from().wire() + " any more");
                        setAll(history, r.run().value(), null, 0, r.from().wire(), r.to().wire(), ts(r.at()), truncate(r.reason()));
                        history.addBatch();
                        historyRows++;
                    }
                    case Change.JobsAdded j -> {}
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
            if (!moves.isEmpty()) {
                int[] counts = jobMove.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 1) {
                        Change.JobMoved m = moves.get(i);
                        throw new StaleStateException("job " + m.jobId() + " of run " + m.run() + " is not " + m.from().wire()
                                + " any more (another process changed it?)");
                    }
                }
            }
            if (starts > 0) {
                attemptStart.executeBatch();
                attemptJob.executeBatch();
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
            c.commit();
        } catch (SQLException | RuntimeException e) {
            for (PreparedStatement ps : List.of(jobMove, history, jobInsert, attemptStart, attemptJob, attemptPid, attemptEnd, output, metricClear, metric,
                    artifact, warning)) {
                try {
                    ps.clearBatch();
                } catch (SQLException ignored) {
                    // the connection is going away anyway
                }
            }
            c.rollback();
            throw e;
        }
    }

    private record AttemptKey(String run, String job, int attempt) {}

    private void writeMetrics(java.util.Map<AttemptKey, java.util.Map<String, Double>> metrics) throws SQLException {
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
        } catch (SQLException ignored) {
            // closing a broken connection
        }
    }
}
