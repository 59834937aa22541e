package baton.store;

import baton.model.Artifact;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.Metrics;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunRecord;
import baton.model.RunStatus;
import com.fasterxml.jackson.core.type.TypeReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static baton.store.Columns.fromJson;
import static baton.store.Columns.instant;
import static baton.store.Columns.integer;

/** Reads a run's rows back as records: the run with its plan, its jobs with what they left, its attempts. */
final class RunRows {
    static final String RUN_SELECT = "SELECT r.*, p.source_path FROM run r JOIN pipeline_def p ON p.ref = r.pipeline_ref ";

    private RunRows() {}

    static RunRecord runRecord(ResultSet rs, StatementContext ctx) throws SQLException {
        long pid = rs.getLong("owner_pid");
        RunOwner owner = rs.wasNull() ? null
                : new RunOwner(pid, rs.getString("owner_host"), instant(rs, "owner_started_at"), instant(rs, "heartbeat_at"));
        var strings = new TypeReference<LinkedHashMap<String, String>>() {};
        return new RunRecord(new RunId(rs.getString("id")), rs.getLong("pipeline_ref"), rs.getString("pipeline_id"),
                RunStatus.fromWire(rs.getString("status")), fromJson(rs, "params", strings, Map.of()),
                fromJson(rs, "switches", new TypeReference<LinkedHashMap<String, Boolean>>() {}, Map.of()),
                rs.getString("input_path"), rs.getInt("concurrency"), instant(rs, "started_at"), instant(rs, "ended_at"),
                rs.getString("started_by"), rs.getString("source_path"), owner,
                fromJson(rs, "already_done", new TypeReference<LinkedHashSet<String>>() {}, Set.of()),
                fromJson(rs, "taken_from", strings, Map.of()), fromJson(rs, "left_out", strings, Map.of()),
                rs.getBoolean("auto_approve"), optionalString(rs, "executor"));
    }

    static List<JobRecord> jobs(Handle h, RunId run) {
        Map<String, Map<String, String>> outputs = new HashMap<>();
        rows(h, "SELECT job_id, output_name, output_value FROM job_output WHERE run_id = :run ORDER BY job_id, output_name", run,
                rs -> outputs.computeIfAbsent(rs.getString("job_id"), k -> new LinkedHashMap<>()).put(rs.getString("output_name"), rs.getString("output_value")));
        Map<String, Map<String, Double>> metrics = new HashMap<>();
        attemptMetrics(h, run).forEach((job, byAttempt) -> metrics.put(job, Metrics.sum(byAttempt.values())));
        Map<String, List<Artifact>> artifacts = new HashMap<>();
        rows(h, "SELECT * FROM job_artifact WHERE run_id = :run ORDER BY job_id, attempt, path", run,
                rs -> artifacts.computeIfAbsent(rs.getString("job_id"), k -> new ArrayList<>()).add(new Artifact(
                        rs.getString("path"), rs.getLong("size"), rs.getString("sha256"), rs.getInt("attempt"), rs.getString("link_target"))));
        Map<String, List<String>> warnings = new HashMap<>();
        rows(h, "SELECT job_id, attempt, message FROM job_warning WHERE run_id = :run ORDER BY seq", run,
                rs -> warnings.computeIfAbsent(rs.getString("job_id"), k -> new ArrayList<>())
                        .add("attempt " + rs.getInt("attempt") + ": " + rs.getString("message")));
        return h.createQuery("SELECT * FROM job WHERE run_id = :run ORDER BY seq").bind("run", run.value())
                .map((rs, ctx) -> new JobRecord(rs.getString("job_id"), rs.getString("phase_id"), rs.getInt("seq"), rs.getString("item"),
                        integer(rs, "item_index"), rs.getString("lane"), JobStatus.fromWire(rs.getString("status")), rs.getInt("attempts"),
                        integer(rs, "exit_code"), instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("error"),
                        outputs.getOrDefault(rs.getString("job_id"), Map.of()), metrics.getOrDefault(rs.getString("job_id"), Map.of()),
                        artifacts.getOrDefault(rs.getString("job_id"), List.of()), warnings.getOrDefault(rs.getString("job_id"), List.of())))
                .list();
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Hands every row of a query about one run to {@code reader}, in order. */
    private static void rows(Handle h, String sql, RunId run, RowReader reader) {
        h.createQuery(sql).bind("run", run.value()).map((rs, ctx) -> {
            reader.read(rs);
            return 0;
        }).list();
    }

    /** Each job's metrics by attempt number. */
    private static Map<String, Map<Integer, Map<String, Double>>> attemptMetrics(Handle h, RunId run) {
        Map<String, Map<Integer, Map<String, Double>>> metrics = new HashMap<>();
        rows(h, "SELECT job_id, attempt, metric_name, metric_value FROM attempt_metric WHERE run_id = :run ORDER BY job_id, attempt, metric_name", run,
                rs -> metrics.computeIfAbsent(rs.getString("job_id"), k -> new TreeMap<>())
                        .computeIfAbsent(rs.getInt("attempt"), k -> new LinkedHashMap<>())
                        .put(rs.getString("metric_name"), rs.getDouble("metric_value")));
        return metrics;
    }

    static List<AttemptRecord> attempts(Handle h, RunId run) {
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
                            metrics.getOrDefault(rs.getString("job_id"), Map.of()).getOrDefault(rs.getInt("attempt"), Map.of()),
                            optionalString(rs, "handle"), optionalString(rs, "node"));
                })
                .list();
    }

    /** A column a database read without upgrading (at version 8) does not have yet: null there. */
    private static String optionalString(ResultSet rs, String column) throws SQLException {
        int at;
        try {
            at = rs.findColumn(column);
        } catch (SQLException e) {
            return null;
        }
        return rs.getString(at);
    }
}
