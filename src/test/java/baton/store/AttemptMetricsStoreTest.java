package baton.store;

import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunPlan;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each attempt keeps its own metrics; a job's total sums its attempts (migrating users, item 5). */
class AttemptMetricsStoreTest {
    @TempDir Path dir;

    private static RunId newRun(H2RunStore store, String job) {
        long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
        Instant now = Instant.now();
        return store.createRun(new NewRun(ref, "p", new RunPlan(Map.of(), Map.of(), Set.of(), null, 1), now, "me", new RunOwner(1, "host", now, now)),
                List.of(new NewJob(job, job, 0, null, null, job)));
    }

    private static void startAttempt(H2RunStore store, RunId id, int attempt, JobStatus from) {
        Instant now = Instant.now();
        store.commit(List.of(new Change.JobMoved(id, "a", from, JobStatus.QUEUED, attempt - 1, now, null, null, null),
                new Change.JobMoved(id, "a", JobStatus.QUEUED, JobStatus.RUNNING, attempt, now, null, null, null),
                new Change.AttemptStarted(id, "a", attempt, now, 0, "/logs/a/" + attempt)));
    }

    @Test
    void anAttemptsLatestMetricsReplaceItsEarlierOnesAndTheJobTotalSumsItsAttempts() {
        try (H2RunStore store = H2RunStore.open(dir)) {
            RunId id = newRun(store, "a");
            startAttempt(store, id, 1, JobStatus.PENDING);
            store.commit(List.of(new Change.MetricsRecorded(id, "a", 1, Map.of("input_tokens", 100.0, "draft", 1.0))));
            store.commit(List.of(new Change.MetricsRecorded(id, "a", 1, Map.of("input_tokens", 150.0))));
            Instant now = Instant.now();
            store.commit(List.of(new Change.AttemptEnded(id, "a", 1, JobStatus.FAILED, now, 1, "exit code 1", 0),
                    new Change.JobMoved(id, "a", JobStatus.RUNNING, JobStatus.RETRYING, 1, now, null, 1, null)));
            startAttempt(store, id, 2, JobStatus.RETRYING);
            // a live read and the final one in the same commit: the later one is the attempt's
            store.commit(List.of(new Change.MetricsRecorded(id, "a", 2, Map.of("input_tokens", 10.0, "live_only", 3.0)),
                    new Change.MetricsRecorded(id, "a", 2, Map.of("input_tokens", 200.0, "output_tokens", 5.0))));

            assertThat(store.attempts(id)).extracting(AttemptRecord::attempt, AttemptRecord::metrics).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1, Map.of("input_tokens", 150.0)),
                    org.assertj.core.groups.Tuple.tuple(2, Map.of("input_tokens", 200.0, "output_tokens", 5.0)));
            assertThat(store.jobs(id).getFirst().metrics()).isEqualTo(Map.of("input_tokens", 350.0, "output_tokens", 5.0));
        }
    }

    @Test
    void metricsStoredBeforeAttemptsHadTheirOwnBecomeTheJobsLatestAttempts() {
        String url = "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath() + ";WRITE_DELAY=0";
        Jdbi old = Jdbi.create(url, "sa", "");
        old.useHandle(h -> {
            Migrations.apply(h, Migrations.FILES.indexOf("V007__attempt_metrics.sql")); // the schema just before per-attempt metrics
            h.execute("INSERT INTO pipeline_def (pipeline_id, source_path, base_dir, format, content_hash, source_text, loaded_at) "
                    + "VALUES ('p', '/x/p.yaml', '/x', 'YAML', ?, 'pipeline: p', CURRENT_TIMESTAMP)", "h".repeat(64));
            h.execute("INSERT INTO run (id, pipeline_ref, pipeline_id, status, params, switches, concurrency, started_at) "
                    + "SELECT 'r-20260101-0001', ref, 'p', 'failed', '{}', '{}', 1, CURRENT_TIMESTAMP FROM pipeline_def");
            h.execute("INSERT INTO job (run_id, job_id, seq, phase_id, lane, status, attempts) VALUES ('r-20260101-0001', 'a', 0, 'a', 'a', 'failed', 2)");
            for (int n = 1; n <= 2; n++) {
                h.execute("INSERT INTO attempt (run_id, job_id, attempt, status, started_at, log_path) "
                        + "VALUES ('r-20260101-0001', 'a', ?, 'failed', CURRENT_TIMESTAMP, '/logs')", n);
            }
            h.execute("INSERT INTO job_metric (run_id, job_id, metric_name, metric_value) VALUES ('r-20260101-0001', 'a', 'input_tokens', 900)");
        });

        RunId id = new RunId("r-20260101-0001");
        try (H2RunStore store = H2RunStore.open(url)) {
            assertThat(store.attempts(id)).extracting(AttemptRecord::metrics).containsExactly(Map.of(), Map.of("input_tokens", 900.0));
            assertThat(store.jobs(id).getFirst().metrics()).isEqualTo(Map.of("input_tokens", 900.0));
        }
        // a kill before the migration was recorded: it is applied again in full, to the same effect
        old.useHandle(h -> h.execute("DELETE FROM schema_version WHERE version = 5"));
        try (H2RunStore store = H2RunStore.open(url)) {
            assertThat(store.jobs(id).getFirst().metrics()).isEqualTo(Map.of("input_tokens", 900.0));
        }
    }
}
