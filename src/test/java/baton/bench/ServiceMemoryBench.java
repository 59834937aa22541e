package baton.bench;

import baton.client.RemoteClient;
import baton.client.ServiceConnector;
import baton.client.StartRequest;
import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.model.RunStatus;
import baton.service.Service;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Does the service keep anything per run it has finished? Runs {@code runs} runs of {@code jobs}
 * no-op jobs one after another through a real service (in this JVM, reached through its socket),
 * and after each prints the heap in use after a full GC and the process's RSS. Flat is the goal.
 *
 * <pre>scripts/test-main.sh baton.bench.ServiceMemoryBench [runs=100] [jobs=1000]</pre>
 */
public final class ServiceMemoryBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path work = Files.createTempDirectory("baton-memory-bench");
        StringBuilder y = new StringBuilder("pipeline: mem\nconcurrency: 2\nphases:\n  - id: w\n    foreach: [");
        for (int i = 0; i < jobs; i++) y.append(i == 0 ? "" : ", ").append(i);
        y.append("]\n    run: \"true\"\n");
        LoadedPipeline p = PipelineLoader.load(Files.writeString(work.resolve("mem.baton.yaml"), y));
        try (Service service = Service.open(work.resolve("data"), Duration.ofMinutes(30)).orElseThrow().serveInBackground();
             RemoteClient client = ServiceConnector.connectIfRunning(work.resolve("data")).orElseThrow()) {
            System.out.printf(Locale.ROOT, "| run | heap after GC (MB) | RSS (MB) | run wall (s) |%n|---:|---:|---:|---:|%n");
            for (int r = 1; r <= runs; r++) {
                long t0 = System.nanoTime();
                RunStatus s = client.start(StartRequest.of(p, RunOptions.defaults()), e -> {}).runs().getFirst().done().get();
                double wall = (System.nanoTime() - t0) / 1e9;
                if (s != RunStatus.SUCCEEDED) throw new IllegalStateException("run " + r + " ended " + s);
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                if (r == 1 || r % Math.max(1, runs / 10) == 0) {
                    System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.2f |%n", r, heap / 1e6, rssMb(), wall);
                }
            }
        }
    }

    private static double rssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
        return Double.NaN;
    }
}
