package baton.hostile;

import baton.engine.EngineFixture;
import baton.engine.LiveRun;
import baton.engine.RunOptions;
import baton.model.Artifact;
import baton.model.JobStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a job or a phase server says back cannot forge a metric or make Baton read a file that is not the run's. */
class JobSaysBackTest {
    @TempDir Path dir;

    @Test
    void aCallbackStatNameWithANewlineOrAnEqualsSignIsDroppedWithAWarning() throws Exception {
        LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/start", ex -> {
            received.add(new ObjectMapper().readTree(ex.getRequestBody()));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        server.start();
        try (EngineFixture f = new EngineFixture(dir)) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/start";
            LiveRun live = f.start("pipeline: cb\nphases:\n  - id: serve\n    http: { url: \"" + url + "\", callback: true }\n",
                    RunOptions.defaults());
            String callback = received.poll(20, TimeUnit.SECONDS).get("callback_url").asText();
            String body = "{\"success\": true, \"stats\": {\"tokens\": 5, \"x\\ncost\": 1000000, \"a=b\": 7, \"" + "n".repeat(300) + "\": 1}}";
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(callback))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).isEqualTo(200);
            var r = f.finish(live);
            assertThat(r.job("serve").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.job("serve").metrics()).containsOnlyKeys("tokens");
            assertThat(r.job("serve").warnings()).hasSize(3).allMatch(w -> w.startsWith("attempt 1: callback stats: dropped the metric named"))
                    .anyMatch(w -> w.contains("\"x\\ncost\""));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMetricNameOverTheLengthLimitIsRefusedWithAWarning() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run("pipeline: m\nphases:\n  - id: count\n    run: echo \"ok=1\" >> \"$BATON_METRICS\"; echo \"" + "m".repeat(300)
                    + "=2\" >> \"$BATON_METRICS\"\n");
            assertThat(r.job("count").metrics()).containsOnlyKeys("ok");
            assertThat(r.job("count").warnings()).anyMatch(w -> w.contains("BATON_METRICS line 2: the name 'mmm") && w.endsWith("is 300 characters long; names are limited to 200"));
        }
    }

    @Test
    void anArtifactLinkInsideTheRunIsRecordedAsALinkAndOneLeavingItIsRefused() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "not the job's");
        Files.createDirectories(dir.resolve("job"));
        try (EngineFixture f = new EngineFixture(dir)) {
            var r = f.run("""
                    pipeline: links
                    phases:
                      - id: make
                        cwd: job
                        artifacts: ["out/*"]
                        run: |
                          mkdir -p out
                          echo hello > out/real.txt
                          ln -s real.txt out/inner.txt
                          ln -s %s out/leak.txt
                          ln -s "$BATON_RUN_DIR" out/shared
                    """.formatted(outside));
            assertThat(r.job("make").status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.job("make").artifacts()).extracting(Artifact::path).containsExactlyInAnyOrder("out/real.txt", "out/inner.txt", "out/shared");
            Artifact inner = r.job("make").artifacts().stream().filter(a -> a.path().equals("out/inner.txt")).findFirst().orElseThrow();
            assertThat(inner.isLink()).isTrue();
            assertThat(inner.linkTarget()).isEqualTo("real.txt");
            assertThat(inner.sha256()).isNull();
            Artifact real = r.job("make").artifacts().stream().filter(a -> a.path().equals("out/real.txt")).findFirst().orElseThrow();
            assertThat(real.isLink()).isFalse();
            assertThat(real.size()).isEqualTo(6);
            assertThat(r.job("make").warnings()).anyMatch(w -> w.contains("out/leak.txt is a link to " + outside) && w.contains("not recorded"));
        }
    }
}
