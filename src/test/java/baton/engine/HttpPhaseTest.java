package baton.engine;

import baton.model.JobStatus;
import baton.model.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Callback phases against a real phase server on loopback. */
class HttpPhaseTest {
    @TempDir Path dir;
    EngineFixture f;
    HttpServer server;
    final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    volatile int status = 202;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void open() throws Exception {
        f = new EngineFixture(dir);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/start", ex -> {
            received.add(new ObjectMapper().readTree(ex.getRequestBody()));
            byte[] b = "accepted".getBytes();
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
        f.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/start";
    }

    private int post(String url, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).statusCode();
    }

    @Test
    void withoutCallbackA2xxAnswerEndsTheJobAndAnErrorFailsIt() throws Exception {
        status = 200;
        var ok = f.run("pipeline: h\nparams: { lang: es }\nphases:\n  - id: ping\n    http: { url: \"" + url() + "\", callback: false }\n");
        assertThat(ok.job("ping").status()).isEqualTo(JobStatus.SUCCEEDED);
        JsonNode body = received.poll(5, TimeUnit.SECONDS);
        assertThat(body.get("run").asText()).isEqualTo(ok.id().value());
        assertThat(body.get("job").asText()).isEqualTo("ping");
        assertThat(body.get("attempt").asInt()).isEqualTo(1);
        assertThat(body.get("params").get("lang").asText()).isEqualTo("es");
        assertThat(body.get("callback_url").isNull()).isTrue();
        status = 500;
        var bad = f.run("pipeline: h2\nphases:\n  - id: ping\n    http: { url: \"" + url() + "\" }\n");
        assertThat(bad.job("ping").status()).isEqualTo(JobStatus.FAILED);
        assertThat(bad.job("ping").error()).contains("HTTP 500");
    }

    @Test
    void withCallbackTheJobRunsUntilTheServiceCallsBackOnceWithItsToken() throws Exception {
        LiveRun live = f.start("""
                pipeline: cb
                phases:
                  - id: baskets
                    http: { url: "%s", method: POST, callback: true, timeout: 1m }
                  - id: manifest
                    needs: [baskets]
                    run: "true"
                """.formatted(url()), RunOptions.defaults());
        JsonNode body = received.poll(10, TimeUnit.SECONDS);
        String callback = body.get("callback_url").asText();
        assertThat(URI.create(callback).getHost()).isEqualTo("127.0.0.1");
        Thread.sleep(200);
        assertThat(f.engine.jobs(live.id()).getFirst().status()).isEqualTo(JobStatus.RUNNING);
        // a wrong token is refused and changes nothing
        assertThat(post(callback.substring(0, callback.lastIndexOf('/') + 1) + "not-the-token", "{\"success\": true}")).isEqualTo(403);
        assertThat(f.engine.jobs(live.id()).getFirst().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(post(callback, "{\"success\": true, \"stats\": {\"tokens\": 42, \"cost\": 0.25}}")).isEqualTo(200);
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("baskets").metrics()).containsEntry("tokens", 42.0).containsEntry("cost", 0.25);
        // single use: the same token again is refused
        assertThat(post(callback, "{\"success\": false}")).isEqualTo(403);
        assertThat(f.engine.jobs(r.id()).getFirst().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aCallbackSayingFailureFailsTheJobAndRetriesApply() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 2; i++) {
                    JsonNode body = received.poll(10, TimeUnit.SECONDS);
                    post(body.get("callback_url").asText(), "{\"success\": " + (body.get("attempt").asInt() == 2) + "}");
                }
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        var r = f.run("pipeline: retry\nphases:\n  - id: flaky\n    retries: 1\n    http: { url: \"" + url() + "\", callback: true }\n");
        done.get(10, TimeUnit.SECONDS);
        assertThat(r.job("flaky").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("flaky").attempts()).isEqualTo(2);
        assertThat(r.attemptsOf("flaky").getFirst().error()).contains("reported failure");
    }

    @Test
    void aServiceThatNeverCallsBackTimesOut() throws Exception {
        var r = f.run("pipeline: slow\nphases:\n  - id: never\n    http: { url: \"" + url() + "\", callback: true, timeout: 300ms }\n");
        assertThat(r.job("never").status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(r.job("never").error()).contains("timed out after 300ms");
        String callback = received.poll(5, TimeUnit.SECONDS).get("callback_url").asText();
        assertThat(post(callback, "{\"success\": true}")).isEqualTo(403); // too late: the token is gone
    }

    @Test
    void cancelEndsAWaitingCallbackJob() throws Exception {
        LiveRun live = f.start("pipeline: c\nphases:\n  - id: wait\n    http: { url: \"" + url() + "\", callback: true }\n", RunOptions.defaults());
        received.poll(10, TimeUnit.SECONDS);
        Thread.sleep(100);
        live.cancel();
        var r = f.finish(live);
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.job("wait").status()).isEqualTo(JobStatus.CANCELLED);
    }

}
