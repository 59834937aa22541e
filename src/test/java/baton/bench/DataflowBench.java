package baton.bench;

import baton.engine.Engine;
import baton.engine.RunOptions;
import baton.format.PipelineLoader;
import baton.model.AttemptRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 5's figures: a foreach over N items against the same N jobs written out (paired runs,
 * median ratio), and the time from a phase server's callback to the next job's process start.
 *
 * <pre>scripts/bench.sh dataflow [N] [pairs]</pre>
 */
public final class DataflowBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path jar = Path.of("target/baton.jar").toAbsolutePath();
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "dataflow-bench-");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < n - 2; i++) items.append(i > 0 ? ", " : "").append('i').append(i);
        Path fan = Files.createDirectories(work.resolve("foreach"));
        Files.writeString(fan.resolve("pipeline.yaml"), "pipeline: fan\nphases:\n  - id: src\n    run: \"true\"\n  - id: each\n    needs: [src]\n"
                + "    foreach: [" + items + "]\n    run: \"true\"\n  - id: sink\n    needs: [each]\n    run: \"true\"\n");
        Path stat = Files.createDirectories(work.resolve("static"));
        Files.writeString(stat.resolve("pipeline.yaml"), DagBench.yaml("static", DagBench.wide(n)));
        List<Double> ratios = new ArrayList<>(), fanTimes = new ArrayList<>(), statTimes = new ArrayList<>();
        if (n <= 2) pairs = 0; // 'dataflow 0': only the callback latency
        for (int p = 0; p < pairs; p++) {
            double a, b;
            if (p % 2 == 0) {
                a = DagBench.baton(jar, fan, fan.resolve("data-" + p));
                b = DagBench.baton(jar, stat, stat.resolve("data-" + p));
            } else {
                b = DagBench.baton(jar, stat, stat.resolve("data-" + p));
                a = DagBench.baton(jar, fan, fan.resolve("data-" + p));
            }
            fanTimes.add(a);
            statTimes.add(b);
            ratios.add(a / b);
            System.err.printf(Locale.ROOT, "pair %d: foreach %.2fs static %.2fs%n", p + 1, a, b);
        }
        StringBuilder report = new StringBuilder();
        if (pairs > 0) report.append(String.format(Locale.ROOT, "foreach over %d items vs the same jobs written out (wide), %d pairs, concurrency 2: "
                        + "foreach median %.2f s, static median %.2f s, median ratio %.2fx%n", n - 2, pairs,
                DagBench.median(fanTimes), DagBench.median(statTimes), DagBench.median(ratios)));
        report.append(callbackLatency(work));
        System.out.println(report);
        Files.writeString(Path.of("target/dataflow-bench-result.md"), report.toString());
        System.exit(0);
    }

    /** A chain of http phases and plain jobs; the phase server calls back at once and notes when. */
    static String callbackLatency(Path work) throws Exception {
        int pairs = 200;
        Map<String, Instant> calledBack = new ConcurrentHashMap<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/start", ex -> {
            var body = new ObjectMapper().readTree(ex.getRequestBody());
            ex.sendResponseHeaders(202, -1);
            ex.close();
            Thread.ofVirtual().start(() -> {
                try {
                    calledBack.put(body.get("job").asText(), Instant.now());
                    client.send(HttpRequest.newBuilder(URI.create(body.get("callback_url").asText()))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"success\": true}")).build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        server.start();
        StringBuilder y = new StringBuilder("pipeline: cb\nphases:\n");
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/start";
        for (int i = 0; i < pairs; i++) {
            y.append("  - id: h").append(i).append("\n").append(i > 0 ? "    needs: [n" + (i - 1) + "]\n" : "")
                    .append("    http: { url: \"").append(url).append("\", callback: true }\n");
            y.append("  - id: n").append(i).append("\n    needs: [h").append(i).append("]\n    run: \"true\"\n");
        }
        Path file = Files.writeString(work.resolve("cb.yaml"), y.toString());
        try (Engine engine = Engine.open(work.resolve("cb-data"))) {
            var live = engine.start(PipelineLoader.load(file), new RunOptions(null, null, null, null, 2, false, "bench"), List.of());
            live.await();
            Map<String, AttemptRecord> att = new java.util.HashMap<>();
            for (AttemptRecord a : engine.attempts(live.id())) att.put(a.jobId(), a);
            List<Double> lat = new ArrayList<>(), inBaton = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                Instant cb = calledBack.get("h" + i);
                AttemptRecord h = att.get("h" + i), next = att.get("n" + i);
                if (cb != null && next != null) lat.add(Duration.between(cb, next.startedAt()).toNanos() / 1e6);
                if (h != null && next != null) inBaton.add(Duration.between(h.endedAt(), next.startedAt()).toNanos() / 1e6);
            }
            server.stop(0);
            Collections.sort(lat);
            Collections.sort(inBaton);
            return String.format(Locale.ROOT, "http callback -> next job's process started, over %d callbacks: from Baton receiving the callback "
                            + "median %.2f ms (p90 %.2f ms); from the phase server sending it (JDK HttpClient, new connection each) median %.2f ms (p90 %.2f ms)%n",
                    inBaton.size(), DagBench.median(inBaton), inBaton.get(inBaton.size() * 9 / 10), DagBench.median(lat), lat.get(lat.size() * 9 / 10));
        }
    }
}
