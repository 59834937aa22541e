package baton.bench;

import baton.engine.Engine;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.RunRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * End-to-end benchmark of Baton against ninja on the same DAG of no-op jobs ({@code true}), in
 * three shapes. Each pair runs Baton then ninja (alternating which goes first), both as fresh
 * processes at concurrency 2; the figure is the median of the per-pair ratios. Baton runs as it
 * is installed: {@code java -jar target/baton.jar run}, with every transition committed to H2.
 *
 * <pre>scripts/bench.sh [jobs] [pairs]</pre>
 */
public final class DagBench {
    record Job(String id, List<String> needs) {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path jar = Path.of(System.getProperty("baton.jar", "target/baton.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(), "bench-");
        boolean ninja = onPath("ninja");
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "jobs per DAG: %d, pairs: %d, concurrency 2, ninja: %s%n%n", n, pairs, ninja ? "yes" : "not installed"));
        report.append("| shape | Baton median (s) | ninja median (s) | median of per-pair ratios | Baton ms/job |\n|---|---|---|---|---|\n");
        Path chainData = null;
        // -Dbench.shapes=wide: only some shapes (a quick look at one change)
        for (String shape : List.of(System.getProperty("bench.shapes", "chain,wide,layered").split(","))) {
            List<Job> dag = switch (shape) {
                case "chain" -> chain(n);
                case "wide" -> wide(n);
                default -> layered(n, 42);
            };
            Path dir = Files.createDirectories(work.resolve(shape));
            Files.writeString(dir.resolve("pipeline.yaml"), yaml(shape, dag));
            Files.writeString(dir.resolve("build.ninja"), ninja(dag));
            List<Double> batonTimes = new ArrayList<>(), ninjaTimes = new ArrayList<>(), ratios = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                Path data = dir.resolve("data-" + p);
                double b, nj = Double.NaN;
                if (p % 2 == 0 || !ninja) {
                    b = baton(jar, dir, data);
                    if (ninja) nj = ninja(dir);
                } else {
                    nj = ninja(dir);
                    b = baton(jar, dir, data);
                }
                batonTimes.add(b);
                if (ninja) {
                    ninjaTimes.add(nj);
                    ratios.add(b / nj);
                }
                System.err.printf(Locale.ROOT, "%s pair %d: baton %.2fs ninja %.2fs%n", shape, p + 1, b, nj);
                if (shape.equals("chain")) chainData = data;
            }
            double bm = median(batonTimes);
            report.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %.2f |%n", shape, bm,
                    ninja ? String.format(Locale.ROOT, "%.2f", median(ninjaTimes)) : "-",
                    ninja ? String.format(Locale.ROOT, "%.2fx", median(ratios)) : "-", bm * 1000 / n));
        }
        // one job, end to end: start of the process to its exit, five times
        Path one = Files.createDirectories(work.resolve("one"));
        Files.writeString(one.resolve("pipeline.yaml"), yaml("one", List.of(new Job("only", List.of()))));
        List<Double> oneTimes = new ArrayList<>();
        for (int i = 0; i < 5; i++) oneTimes.add(baton(jar, one, one.resolve("data-" + i)));
        report.append(String.format(Locale.ROOT, "%n1-job pipeline end to end (java -jar baton.jar run), median of 5: %.3f s%n", median(oneTimes)));
        if (chainData != null) report.append(dispatchLatency(chainData));
        System.out.println(report);
        Path out = Path.of(System.getProperty("bench.out", "target/bench-result.md"));
        Files.writeString(out, report.toString());
        System.err.println("written to " + out);
    }

    /** From a chain run: each job's process start minus its upstream's process end, from the store. */
    static String dispatchLatency(Path data) {
        try (Engine engine = Engine.open(data)) {
            RunRecord run = engine.runs(1).getFirst();
            Map<String, AttemptRecord> last = new HashMap<>();
            for (AttemptRecord a : engine.attempts(run.id())) last.put(a.jobId(), a);
            List<Double> lat = new ArrayList<>();
            List<JobRecord> jobs = engine.jobs(run.id());
            for (int i = 1; i < jobs.size(); i++) {
                AttemptRecord up = last.get(jobs.get(i - 1).id()), down = last.get(jobs.get(i).id());
                if (up == null || down == null || up.endedAt() == null || down.startedAt() == null) continue;
                lat.add(Duration.between(up.endedAt(), down.startedAt()).toNanos() / 1e6);
            }
            Collections.sort(lat);
            return String.format(Locale.ROOT, "Chain dispatch latency (upstream process exit -> downstream process spawned, from the store): "
                    + "median %.2f ms, p90 %.2f ms over %d edges%n", median(lat), lat.get(lat.size() * 9 / 10), lat.size());
        }
    }

    static double baton(Path jar, Path dir, Path data) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // as ./baton.sh starts it: C1, the serial GC and the build's AOT cache (the service it starts gets the same)
        Path aot = jar.resolveSibling("baton.aot");
        String tuned = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" + (Files.isRegularFile(aot) ? " -XX:AOTCache=" + aot + " -Xlog:aot=off -Xlog:cds=off" : "");
        cmd.addAll(List.of(System.getProperty("baton.jvmOptions", tuned).split(" ")));
        cmd.addAll(List.of("-jar", jar.toString(), "run", "pipeline.yaml", "--concurrency", "2", "--data-dir", data.toString()));
        double s = time(new ProcessBuilder(cmd).directory(dir.toFile()));
        // untimed: the run's service goes, so that it neither competes with the next pair nor holds the store the latency is read from
        var stop = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "service", "stop",
                "--data-dir", data.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        stop.start().waitFor();
        return s;
    }

    static double ninja(Path dir) throws Exception {
        Files.deleteIfExists(dir.resolve(".ninja_log"));
        Files.deleteIfExists(dir.resolve(".ninja_deps"));
        return time(new ProcessBuilder("ninja", "-j2").directory(dir.toFile()));
    }

    static double time(ProcessBuilder pb) throws Exception {
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        int code = pb.start().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) throw new IllegalStateException(String.join(" ", pb.command()) + " exited " + code);
        return s;
    }

    static List<Job> chain(int n) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) jobs.add(new Job("c" + i, i == 0 ? List.of() : List.of("c" + (i - 1))));
        return jobs;
    }

    static List<Job> wide(int n) {
        List<Job> jobs = new ArrayList<>();
        jobs.add(new Job("src", List.of()));
        List<String> mids = new ArrayList<>();
        for (int i = 0; i < n - 2; i++) {
            jobs.add(new Job("m" + i, List.of("src")));
            mids.add("m" + i);
        }
        jobs.add(new Job("sink", mids));
        return jobs;
    }

    /** Layers of about sqrt(n) jobs; each job needs 1 to 3 random jobs of the layer before. */
    static List<Job> layered(int n, long seed) {
        Random r = new Random(seed);
        int width = Math.max(1, (int) Math.sqrt(n));
        List<Job> jobs = new ArrayList<>();
        List<String> previous = List.of();
        for (int i = 0; i < n; ) {
            List<String> layer = new ArrayList<>();
            for (int k = 0; k < width && i < n; k++, i++) {
                List<String> needs = new ArrayList<>();
                if (!previous.isEmpty()) {
                    int count = 1 + r.nextInt(3);
                    for (int c = 0; c < count; c++) {
                        String up = previous.get(r.nextInt(previous.size()));
                        if (!needs.contains(up)) needs.add(up);
                    }
                }
                String id = "l" + i;
                jobs.add(new Job(id, needs));
                layer.add(id);
            }
            previous = layer;
        }
        return jobs;
    }

    static String yaml(String id, List<Job> jobs) {
        StringBuilder sb = new StringBuilder("pipeline: bench-" + id + "\nphases:\n");
        for (Job j : jobs) {
            sb.append("  - id: ").append(j.id()).append('\n');
            if (!j.needs().isEmpty()) sb.append("    needs: [").append(String.join(", ", j.needs())).append("]\n");
            sb.append("    run: \"true\"\n");
        }
        return sb.toString();
    }

    static String ninja(List<Job> jobs) {
        StringBuilder sb = new StringBuilder("rule r\n  command = true\n");
        for (Job j : jobs) {
            sb.append("build ").append(j.id()).append(": r");
            for (String n : j.needs()) sb.append(' ').append(n);
            sb.append('\n');
        }
        return sb.toString();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

}
