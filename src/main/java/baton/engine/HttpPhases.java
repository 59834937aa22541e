package baton.engine;

import baton.model.HttpCall;
import baton.model.RunId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Phases served by a running service (SPEC 1.5). Baton POSTs {run, job, attempt, params, input,
 * callback_url}; without a callback a 2xx answer ends the job; with one, the job runs until the
 * service POSTs {"success": ..., "stats": {...}} to its callback URL. The listener binds to
 * loopback only, and each URL carries a random single-use token: a wrong or used token gets 403
 * and changes nothing. Stats become the job's metrics.
 */
public final class HttpPhases implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private HttpServer server;

    /** A call in flight; {@link #end} reports it once, whatever comes first (answer, callback, timeout, cancel). */
    public final class Pending {
        private final String token;
        private final ProcessLauncher.ExitListener listener;
        private final LogWriter log;
        private final Path metricsFile;
        private final AtomicBoolean ended = new AtomicBoolean();

        Pending(String token, ProcessLauncher.ExitListener listener, LogWriter log, Path metricsFile) {
            this.token = token;
            this.listener = listener;
            this.log = log;
            this.metricsFile = metricsFile;
        }

        /** Ends the call from Baton's side (timeout, cancel): the service is told nothing. */
        public void cancel(String why) {
            end(null, why);
        }

        void end(Integer code, String error) {
            if (!ended.compareAndSet(false, true)) return;
            if (token != null) pending.remove(token);
            if (error != null) log.note(error);
            log.close();
            listener.exited(code, log.size(), error);
        }
    }

    private synchronized String callbackBase() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/callback/", this::onCallback);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback/";
    }

    /** Calls the phase server for one attempt; the outcome arrives at {@code listener}. */
    public Pending start(HttpCall call, RunId run, PlannedJob job, int attempt, Map<String, String> params, String input,
                         Path attemptDir, Path logFile, long logCap, ProcessLauncher.ExitListener listener) {
        LogWriter log = new LogWriter(logFile, logCap);
        String token = call.callback() ? newToken() : null;
        Pending p = new Pending(token, listener, log, attemptDir.resolve("metrics"));
        try {
            ObjectNode body = JSON.createObjectNode();
            body.put("run", run.value()).put("job", job.id()).put("attempt", attempt);
            ObjectNode ps = body.putObject("params");
            params.forEach(ps::put);
            if (input == null) body.putNull("input"); else body.put("input", input);
            if (call.callback()) {
                String url = callbackBase() + token;
                body.put("callback_url", url);
                pending.put(token, p);
            } else {
                body.putNull("callback_url");
            }
            log.note(call.method() + " " + call.url() + (call.callback() ? " (waiting for the callback)" : ""));
            HttpRequest req = HttpRequest.newBuilder(URI.create(call.url())).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(body.toString())).build();
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
                if (err != null) {
                    p.end(null, "cannot reach the phase server at " + call.url() + ": " + rootMessage(err));
                    return;
                }
                String text = resp.body() == null ? "" : resp.body();
                byte[] b = ("HTTP " + resp.statusCode() + " " + (text.length() > 2000 ? text.substring(0, 2000) + "…" : text)).getBytes(StandardCharsets.UTF_8);
                log.write(LogStream.STDOUT, b, 0, b.length);
                log.write(LogStream.STDOUT, new byte[]{'\n'}, 0, 1);
                boolean ok = resp.statusCode() / 100 == 2;
                if (!ok) p.end(1, "the phase server answered HTTP " + resp.statusCode());
                else if (!call.callback()) p.end(0, null);
            });
        } catch (IOException | RuntimeException e) {
            p.end(null, "cannot call the phase server: " + e.getMessage());
        }
        return p;
    }

    private void onCallback(HttpExchange ex) throws IOException {
        try (ex) {
            String token = ex.getRequestURI().getPath().substring("/callback/".length());
            if (!"POST".equals(ex.getRequestMethod())) {
                answer(ex, 405, "POST the result here");
                return;
            }
            Pending p = pending.get(token);
            JsonNode doc;
            try (InputStream in = ex.getRequestBody()) {
                doc = JSON.readTree(in.readNBytes(1 << 20));
            } catch (IOException e) {
                doc = null;
            }
            if (p == null) {
                answer(ex, 403, "unknown or used callback token");
                return;
            }
            if (doc == null || !doc.has("success") || !doc.get("success").isBoolean()) {
                answer(ex, 400, "expected {\"success\": true|false, \"stats\": {...}}");
                return;
            }
            if (pending.remove(token) == null) { // single use, even when two calls race
                answer(ex, 403, "unknown or used callback token");
                return;
            }
            JsonNode stats = doc.get("stats");
            if (stats != null && stats.isObject()) writeStats(stats, p.metricsFile);
            byte[] b = ("callback " + doc).getBytes(StandardCharsets.UTF_8);
            p.log.write(LogStream.STDOUT, b, 0, b.length);
            p.log.write(LogStream.STDOUT, new byte[]{'\n'}, 0, 1);
            answer(ex, 200, "ok");
            boolean success = doc.get("success").asBoolean();
            p.end(success ? 0 : 1, success ? null : "the phase server reported failure" + (doc.has("error") ? ": " + doc.get("error").asText() : ""));
        }
    }

    /**
     * Writes the callback's numeric stats as the job's metrics file. A name that could not be
     * one (a newline would add a metric of the caller's choosing, '=' would shift the value) is
     * dropped, and a warning about it is left for the job's results.
     */
    private static void writeStats(JsonNode stats, Path metricsFile) throws IOException {
        StringBuilder metrics = new StringBuilder();
        StringBuilder warnings = new StringBuilder();
        stats.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) return;
            if (JobResults.isKey(e.getKey())) {
                metrics.append(e.getKey()).append('=').append(e.getValue().asText()).append('\n');
            } else {
                String shown = JSON.getNodeFactory().textNode(e.getKey().length() > 60 ? e.getKey().substring(0, 60) + "…" : e.getKey()).toString();
                warnings.append("callback stats: dropped the metric named ").append(shown)
                        .append(": a name is letters, digits, '_', '.', '-' (starting with a letter or '_'), at most ")
                        .append(JobResults.MAX_KEY_LENGTH).append(" characters\n");
            }
        });
        Files.createDirectories(metricsFile.getParent());
        Files.writeString(metricsFile, metrics.toString());
        if (!warnings.isEmpty()) Files.writeString(metricsFile.resolveSibling(JobResults.WARNINGS_FILE), warnings.toString());
    }

    private static void answer(HttpExchange ex, int code, String text) throws IOException {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    private String newToken() {
        byte[] t = new byte[24];
        random.nextBytes(t);
        return HexFormat.of().formatHex(t);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public synchronized void close() {
        if (server != null) server.stop(0);
        pending.values().forEach(p -> p.cancel("Baton is closing"));
    }
}
