package baton.engine;

import baton.model.AttemptRecord;
import baton.model.JobStatus;
import baton.model.Metrics;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Token metrics while a job runs, and per attempt (migrating users, item 5). */
class LiveMetricsTest extends EngineTestBase {

    private Map<String, Double> attemptMetrics(baton.model.RunId run, String job, int attempt) {
        return f.engine.attempts(run).stream().filter(a -> a.jobId().equals(job) && a.attempt() == attempt)
                .map(AttemptRecord::metrics).findFirst().orElse(Map.of());
    }

    @Test
    void aRunningJobsMetricsAreStoredAndPublishedWhileItRunsAndItsFinalValuesWinAtItsEnd() throws Exception {
        Path go = dir.resolve("go");
        ConcurrentLinkedQueue<RunEvent> heard = new ConcurrentLinkedQueue<>();
        LiveRun live = f.engine.start(f.load("""
                pipeline: tokens
                phases:
                  - id: ask
                    run: |
                      echo input_tokens=100 >> "$BATON_METRICS"
                      while [ ! -f '%s' ]; do sleep 0.05; done
                      echo input_tokens=250 >> "$BATON_METRICS"
                      echo output_tokens=7 >> "$BATON_METRICS"
                """.formatted(go)), RunOptions.defaults(), List.of(heard::addAll));

        // the job waits for the go file: what is in the store now was read while it ran
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptMetrics(live.id(), "ask", 1).equals(Map.of("input_tokens", 100.0)));
        assertThat(f.engine.jobs(live.id()).getFirst().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(f.engine.jobs(live.id()).getFirst().metrics()).isEqualTo(Map.of("input_tokens", 100.0));
        assertThat(heard).anyMatch(e -> e instanceof RunEvent.MetricsChanged m && m.jobId().equals("ask") && m.attempt() == 1
                && m.metrics().equals(Map.of("input_tokens", 100.0)));

        Files.writeString(go, "");
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        // within one attempt the last value of a name wins
        assertThat(r.attemptsOf("ask").getFirst().metrics()).isEqualTo(Map.of("input_tokens", 250.0, "output_tokens", 7.0));
        assertThat(r.job("ask").metrics()).isEqualTo(Map.of("input_tokens", 250.0, "output_tokens", 7.0));
        RunEvent.MetricsChanged last = heard.stream().filter(e -> e instanceof RunEvent.MetricsChanged).map(e -> (RunEvent.MetricsChanged) e)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.metrics()).isEqualTo(Map.of("input_tokens", 250.0, "output_tokens", 7.0));
    }

    @Test
    void aFailedAttemptsMetricsAreKeptAndCountInTheJobsAndTheRunsTotals() throws Exception {
        var r = f.run("""
                pipeline: retried
                phases:
                  - id: ask
                    retries: 1
                    run: echo "input_tokens=$((BATON_ATTEMPT * 100))" >> "$BATON_METRICS"; [ "$BATON_ATTEMPT" -ge 2 ]
                  - id: sum
                    needs: [ask]
                    run: echo input_tokens=5 >> "$BATON_METRICS"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.attemptsOf("ask")).extracting(AttemptRecord::status, AttemptRecord::metrics).containsExactly(
                org.assertj.core.groups.Tuple.tuple(JobStatus.FAILED, Map.of("input_tokens", 100.0)),
                org.assertj.core.groups.Tuple.tuple(JobStatus.SUCCEEDED, Map.of("input_tokens", 200.0)));
        assertThat(r.job("ask").metrics()).isEqualTo(Map.of("input_tokens", 300.0));
        assertThat(Metrics.sum(r.jobs().values().stream().map(j -> j.metrics()).toList())).isEqualTo(Map.of("input_tokens", 305.0));
    }
}
