package baton.engine.http;

import baton.engine.exec.ProcessLauncher;
import baton.engine.logs.LogStream;
import baton.engine.logs.LogWriter;
import baton.engine.plan.PlannedJob;
import baton.engine.results.JobResults;
import baton.format.Placeholders;
import baton.model.HttpCall;
import baton.model.RunId;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Phases served by a running service (SPEC 1.5). Baton POSTs {run, job, attempt, params, input,
 * callback_url} (or the phase's own body template); without a callback a 2xx answer ends the job;
 * with one, the job runs until the service POSTs {"success": ..., "stats": {...}} or
 * {"status": "complete"|"failed"|"validation_failed", ...} to its callback URL. The listener binds to
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

        /** The callback token (null without a callback): the attempt's handle. */
        public String token() {
            return token;
        }

        /** Adds one of Baton's own lines to the attempt's log. */
        public void note(String text) {
            log.note(text);
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

    /**
     * Calls the phase server for one attempt; the outcome arrives at {@code listener}. {@code ${NAME}}
     * in the url and body are filled from the run's {@code params}, then the job's {@code env}
     * (and BATON_CALLBACK_URL); a name found in neither fails the attempt before anything is sent.
     */
    public Pending start(HttpCall call, RunId run, PlannedJob job, int attempt, Map<String, String> params, Map<String, String> env,
                         String input, Path attemptDir, Path logFile, long logCap, ProcessLauncher.ExitListener listener) {
        LogWriter log = new LogWriter(logFile, logCap);
        String token = call.callback() ? newToken() : null;
        Pending p = new Pending(token, listener, log, attemptDir.resolve("metrics"));
        try {
            String callbackUrl = call.callback() ? callbackBase() + token : null;
            Function<String, String> lookup = name -> params.containsKey(name) ? params.get(name)
                    : name.equals("BATON_CALLBACK_URL") ? callbackUrl : env.get(name);
            String url;
            String body;
            try {
                url = Placeholders.resolve(call.url(), lookup, HttpPhases::urlEncode);
                body = call.body() == null ? defaultBody(run, job, attempt, params, input, callbackUrl)
                        : templateBody(call.body(), lookup, callbackUrl);
            } catch (Placeholders.Unresolved e) {
                p.end(null, "cannot call the phase server: " + e.names().stream().map(n -> "${" + n + "}").collect(Collectors.joining(", "))
                        + (e.names().size() == 1 ? " is" : " are") + " neither a run parameter nor in the job's environment:"
                        + " pass it with --param NAME=value, or set it in 'env' or in Baton's environment");
                return p;
            } catch (IOException e) {
                p.end(null, "cannot call the phase server: the http body is not JSON once its ${...} are filled in: " + e.getMessage());
                return p;
            }
            if (call.callback()) pending.put(token, p);
            log.note(call.method() + " " + url + (call.callback() ? " (waiting for the callback)" : ""));
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(body)).build();
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
                if (err != null) {
                    p.end(null, "cannot reach the phase server at " + url + ": " + rootMessage(err));
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

    /** SPEC 1.5's body: {run, job, attempt, params, input, callback_url}. */
    private static String defaultBody(RunId run, PlannedJob job, int attempt, Map<String, String> params, String input, String callbackUrl) {
        ObjectNode body = JSON.createObjectNode();
        body.put("run", run.value()).put("job", job.id()).put("attempt", attempt);
        ObjectNode ps = body.putObject("params");
        params.forEach(ps::put);
        if (input == null) body.putNull("input"); else body.put("input", input);
        if (callbackUrl == null) body.putNull("callback_url"); else body.put("callback_url", callbackUrl);
        return body.toString();
    }

    /**
     * The file's body template with values JSON-escaped into it. A callback phase's object body
     * that does not say where to call back gets {@code callback_url} added: without it the
     * service could never end the job.
     */
    private static String templateBody(String template, Function<String, String> lookup, String callbackUrl)
            throws Placeholders.Unresolved, IOException {
        String text = Placeholders.resolve(template, lookup, HttpPhases::jsonEscape);
        JsonNode doc = JSON.readTree(text);
        if (callbackUrl != null && doc instanceof ObjectNode o && !o.has("callback_url")) {
            o.put("callback_url", callbackUrl);
            return o.toString();
        }
        return text;
    }

    /** A value inside a URL: percent-encoded, so it cannot change the URL's shape. */
    private static String urlEncode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A value inside JSON text: escaped as string content, so it cannot change the document's shape. */
    private static String jsonEscape(String v) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(v));
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
                doc = null; // a body that cannot be read or is not JSON is answered 400 below
            }
            if (p == null) {
                answer(ex, 403, "unknown or used callback token");
                return;
            }
            CallbackResult result = doc == null ? null : CallbackResult.of(doc);
            if (result == null) {
                answer(ex, 400, "expected {\"success\": true|false, \"stats\": {...}} or {\"status\": \"complete\"|\"failed\"|\"validation_failed\", ...}");
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
            p.end(result.error() == null ? 0 : 1, result.error());
        }
    }

    /**
     * What a callback said: {@code error} is null for success. {@code "success": true|false} wins when
     * present; otherwise {@code "status"}: complete, failed, or validation_failed (a failure whose
     * kind is kept at the front of the error, so it can be told apart in the log and the UI).
     * Null when the body says neither.
     */
    record CallbackResult(String error) {
        static CallbackResult of(JsonNode doc) {
            String detail = detail(doc);
            JsonNode success = doc.get("success");
            if (success != null && success.isBoolean()) {
                return new CallbackResult(success.asBoolean() ? null : "the phase server reported failure" + detail);
            }
            JsonNode status = doc.get("status");
            if (status == null || !status.isTextual()) return null;
            return switch (status.asText().toLowerCase(Locale.ROOT)) {
                case "complete" -> new CallbackResult(null);
                case "failed" -> new CallbackResult("the phase server reported failure" + detail);
                case "validation_failed" -> new CallbackResult("the phase server reported validation_failed" + (detail.isEmpty() ? "" : detail));
                default -> null;
            };
        }

        /** ": <error or message>", or "" when the body gives none. */
        private static String detail(JsonNode doc) {
            for (String key : new String[]{"error", "message"}) {
                JsonNode v = doc.get(key);
                if (v != null && !v.isNull()) return ": " + (v.isTextual() ? v.asText() : v.toString());
            }
            return "";
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
