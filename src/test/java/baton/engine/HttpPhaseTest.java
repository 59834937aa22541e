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
    final LinkedBlockingQueue<URI> requested = new LinkedBlockingQueue<>();
    volatile int status = 202;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void open() throws Exception {
        f = new EngineFixture(dir);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/start", ex -> {
            requested.add(ex.getRequestURI());
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

    @Test
    void aCallbackMaySayItsStatusInsteadOfSuccess() throws Exception {
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    JsonNode body = received.poll(10, TimeUnit.SECONDS);
                    String answer = switch (body.get("job").asText()) {
                        case "done" -> "{\"status\": \"complete\", \"stats\": {\"items\": 3}}";
                        case "broken" -> "{\"status\": \"failed\", \"error\": \"disk full\"}";
                        default -> "{\"status\": \"validation_failed\", \"message\": \"/items/0 is not a string\"}";
                    };
                    post(body.get("callback_url").asText(), answer);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        var r = f.run("""
                pipeline: statuses
                phases:
                  - { id: done, http: { url: "%1$s", callback: true, timeout: 20s } }
                  - { id: broken, fatal: false, http: { url: "%1$s", callback: true, timeout: 20s } }
                  - { id: invalid, fatal: false, http: { url: "%1$s", callback: true, timeout: 20s } }
                """.formatted(url()));
        assertThat(r.job("done").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("done").metrics()).containsEntry("items", 3.0);
        assertThat(r.job("broken").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("broken").error()).isEqualTo("the phase server reported failure: disk full");
        assertThat(r.job("invalid").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("invalid").error()).isEqualTo("the phase server reported validation_failed: /items/0 is not a string");
    }

    @Test
    void successWinsOverStatusAndACallbackSayingNeitherIsRefused() throws Exception {
        LiveRun live = f.start("pipeline: both\nphases:\n  - id: w\n    http: { url: \"" + url() + "\", callback: true, timeout: 20s }\n",
                RunOptions.defaults());
        String callback = received.poll(10, TimeUnit.SECONDS).get("callback_url").asText();
        assertThat(post(callback, "{\"status\": \"finished\"}")).isEqualTo(400);
        assertThat(post(callback, "{\"stats\": {}}")).isEqualTo(400);
        assertThat(post(callback, "{\"success\": true, \"status\": \"failed\"}")).isEqualTo(200);
        assertThat(f.finish(live).job("w").status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void theUrlAndBodyTakeParamsAndEnvironmentEncodedForWhereTheyGo() throws Exception {
        int port = server.getAddress().getPort();
        var r = f.run("""
                pipeline: templated
                params: { PORT: "0", query: "" }
                env: { LANGUAGE: es }
                phases:
                  - id: call
                    http:
                      url: "http://127.0.0.1:${PORT}/start?q=${query}"
                      body: { lang: "${LANGUAGE}", query: "${query}", job: "${BATON_JOB_ID}", fixed: 3 }
                """, EngineFixture.options(java.util.Map.of("PORT", Integer.toString(port), "query", "a b&c=\"d\"/"),
                java.util.Set.of(), java.util.Set.of(), false));
        assertThat(r.job("call").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(requested.poll(5, TimeUnit.SECONDS).getRawQuery()).isEqualTo("q=a%20b%26c%3D%22d%22%2F");
        JsonNode body = received.poll(5, TimeUnit.SECONDS);
        assertThat(body.get("lang").asText()).isEqualTo("es");
        assertThat(body.get("query").asText()).isEqualTo("a b&c=\"d\"/");
        assertThat(body.get("job").asText()).isEqualTo("call");
        assertThat(body.get("fixed").asInt()).isEqualTo(3);
        assertThat(body.has("callback_url")).isFalse();
    }

    @Test
    void aCallbackPhasesTemplateBodyStillCarriesTheCallbackUrl() throws Exception {
        LiveRun live = f.start("pipeline: t\nphases:\n  - id: w\n    http: { url: \"" + url()
                + "\", callback: true, timeout: 20s, body: '{\"n\": 1}' }\n", RunOptions.defaults());
        JsonNode body = received.poll(10, TimeUnit.SECONDS);
        assertThat(body.get("n").asInt()).isEqualTo(1);
        assertThat(post(body.get("callback_url").asText(), "{\"status\": \"complete\"}")).isEqualTo(200);
        assertThat(f.finish(live).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aNameInTheUrlThatIsNeitherParamNorEnvironmentFailsTheJobBeforeAnyCall() throws Exception {
        var r = f.run("pipeline: m\nphases:\n  - id: call\n    http: { url: \"http://127.0.0.1:${PHASE1_PORT_UNSET_IN_TESTS}/start\" }\n");
        assertThat(r.job("call").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("call").error()).isEqualTo("cannot call the phase server: ${PHASE1_PORT_UNSET_IN_TESTS} is neither a run"
                + " parameter nor in the job's environment: pass it with --param NAME=value, or set it in 'env' or in Baton's environment");
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void validateLocatesBadReferencesAndBodies() throws Exception {
        String e = errorsOf("""
                pipeline: v
                phases:
                  - id: a
                    http: { url: "http://h:${1x}/x", bdy: {} }
                  - id: b
                    http: { url: "http://h/", body: "{\\"a\\": ${port}" }
                  - id: c
                    http: { url: "http://h/", body: 5 }
                """);
        assertThat(e).contains("pipeline.yaml:4:18: in 'url': '${1x}' is not a reference: a name is letters, digits and _")
                .contains("pipeline.yaml:4:38: unknown key 'bdy' in http (did you mean 'body'?)")
                .contains("pipeline.yaml:6:37: 'body' is not JSON (Unexpected end-of-input: expected close marker for Object): write")
                .contains("pipeline.yaml:8:37: expected 'body' to be a mapping, a list, or JSON text");
        String names = errorsOf("""
                pipeline: v
                params: { port: "1" }
                phases:
                  - id: a
                    http: { url: "http://h:${PORT}/x", body: { run: "${BATON_RUNID}", home: "${HOME}" } }
                """);
        assertThat(names).contains("pipeline.yaml:5:18: phase 'a': '${PORT}' in http url is not a declared parameter (did you mean 'port'?)")
                .contains("phase 'a': '${BATON_RUNID}' in http body is not a name Baton gives a job (did you mean 'BATON_RUN_ID'?)")
                .doesNotContain("HOME");
    }

    private String errorsOf(String yaml) {
        try {
            f.load(yaml);
        } catch (baton.format.LoadException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the pipeline to be refused");
    }
}
