package baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `baton show` tells each job's metric total, each attempt's, and the run's total over every attempt. */
class MetricsCliTest {
    @TempDir Path dir;

    private String runRetriedPipeline(CliFixture cli) throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.yaml"), """
                pipeline: tokens
                phases:
                  - id: ask
                    retries: 1
                    run: echo "input_tokens=$((BATON_ATTEMPT * 100))" >> "$BATON_METRICS"; [ "$BATON_ATTEMPT" -ge 2 ]
                  - id: sum
                    needs: [ask]
                    run: echo input_tokens=5 >> "$BATON_METRICS"; echo cost=0.25 >> "$BATON_METRICS"
                """);
        var run = cli.baton("run", file.toString(), "--json");
        assertThat(run.code()).isZero();
        return new ObjectMapper().readTree(run.out()).get("run").asText();
    }

    @Test
    void showJsonCarriesEachJobsTotalEachAttemptsMetricsAndTheRunTotal() throws Exception {
        CliFixture cli = new CliFixture(dir.resolve("data"));
        String id = runRetriedPipeline(cli);
        JsonNode s = new ObjectMapper().readTree(cli.baton("show", id, "--json").out());

        List<String> keys = new ArrayList<>();
        s.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("run", "pipeline", "status", "started_at", "ended_at", "jobs", "metrics");
        assertThat(s.get("metrics").get("input_tokens").asDouble()).as("both attempts of ask, and sum").isEqualTo(305.0);
        assertThat(s.get("metrics").get("cost").asDouble()).isEqualTo(0.25);

        JsonNode ask = s.get("jobs").get(0);
        assertThat(ask.get("metrics").get("input_tokens").asDouble()).as("the job's total").isEqualTo(300.0);
        JsonNode tries = ask.get("tries");
        assertThat(tries).hasSize(2);
        assertThat(tries.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(tries.get(0).get("metrics").get("input_tokens").asDouble()).isEqualTo(100.0);
        assertThat(tries.get(1).get("metrics").get("input_tokens").asDouble()).isEqualTo(200.0);
        List<String> tryKeys = new ArrayList<>();
        tries.get(0).fieldNames().forEachRemaining(tryKeys::add);
        assertThat(tryKeys).containsExactly("attempt", "status", "started_at", "ended_at", "exit_code", "error", "log", "log_size", "metrics");
    }

    @Test
    void showTextListsTheRunTotalEachJobsTotalAndTheAttemptsOfAJobThatTriedTwice() throws Exception {
        CliFixture cli = new CliFixture(dir.resolve("data"));
        String id = runRetriedPipeline(cli);
        var show = cli.baton("show", id);
        assertThat(show.code()).isZero();
        assertThat(show.out().lines().filter(l -> l.startsWith("metrics")).toList()).containsExactly(
                "metrics  cost=0.25  input_tokens=305  (run total, every attempt)",
                "metrics ask  input_tokens=300  (attempt 1: input_tokens=100; attempt 2: input_tokens=200)",
                "metrics sum  cost=0.25  input_tokens=5");
    }
}
