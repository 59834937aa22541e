package baton.bench;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.RunOptions;
import baton.engine.slurm.SlurmClient;
import baton.format.PipelineLoader;
import baton.model.RunStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm executor against the local one, through the single-node Slurm of scripts/slurm-up.sh
 * (run as root: scripts/slurm-bench.sh). Measures, from the jobs' own clocks (one machine):
 * submit-to-start (Baton decides the job runs → its command begins) and end-to-next-start (a job's
 * command ends → the next one's begins) on a chain; the wall time of 200 short jobs; and the
 * Slurm commands Baton runs per second while 200 jobs are queued or running.
 */
public final class SlurmBench {
    public static void main(String[] args) throws Exception {
        int chain = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int wide = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path root = Files.createTempDirectory("baton-slurm-bench");
        StringBuilder md = new StringBuilder();
        for (String executor : List.of("local", "slurm")) {
            Path dir = Files.createDirectories(root.resolve(executor));
            try (Engine engine = Engine.open(dir.resolve("data"))) {
                // the chain: each job stamps its start and end
                StringBuilder yaml = new StringBuilder("pipeline: chain\nconcurrency: 1\nphases:\n");
                for (int i = 0; i < chain; i++) {
                    yaml.append("  - id: j").append(i).append('\n');
                    if (i > 0) yaml.append("    needs: [j").append(i - 1).append("]\n");
                    yaml.append("    run: echo \"start=$(date +%s.%N)\" >> \"$BATON_OUTPUT\"; echo \"end=$(date +%s.%N)\" >> \"$BATON_OUTPUT\"\n");
                }
                var r = run(engine, dir, "chain.yaml", yaml.toString(), executor);
                List<Double> submitToStart = new ArrayList<>(), endToNext = new ArrayList<>();
                Map<String, Map<String, String>> outs = new java.util.HashMap<>();
                engine.jobs(r.id()).forEach(j -> outs.put(j.id(), j.outputs()));
                var history = engine.stateChanges(r.id(), 0);
                for (int i = 0; i < chain; i++) {
                    String id = "j" + i;
                    double start = Double.parseDouble(outs.get(id).get("start"));
                    double decided = history.stream().filter(c -> id.equals(c.jobId()) && "running".equals(c.to()))
                            .mapToDouble(c -> c.at().toEpochMilli() / 1000.0).max().orElseThrow();
                    submitToStart.add((start - decided) * 1000);
                    if (i > 0) endToNext.add((start - Double.parseDouble(outs.get("j" + (i - 1)).get("end"))) * 1000);
                }
                // 200 short jobs at once
                String fan = "pipeline: wide\nconcurrency: " + wide + "\nphases:\n  - id: w\n    foreach: { param: items }\n    run: sleep 2\nparams:\n  items: \""
                        + String.join(",", java.util.stream.IntStream.range(0, wide).mapToObj(Integer::toString).toList()) + "\"\n";
                Map<String, Long> before = SlurmClient.callsByCommand();
                long t0 = System.nanoTime();
                var w = run(engine, dir, "wide.yaml", fan, executor);
                double wall = (System.nanoTime() - t0) / 1e9;
                Map<String, Long> after = SlurmClient.callsByCommand();
                long squeue = after.getOrDefault("squeue", 0L) - before.getOrDefault("squeue", 0L);
                long sbatch = after.getOrDefault("sbatch", 0L) - before.getOrDefault("sbatch", 0L);
                md.append(String.format("| %s | %.0f | %.0f | %.0f | %.0f | %.1f | %s |%n", executor, median(submitToStart), p90(submitToStart),
                        median(endToNext), p90(endToNext), wall, executor.equals("slurm")
                                ? String.format("%d squeue + %d sbatch in %.1f s = %.2f squeue/s", squeue, sbatch, wall, squeue / wall) : "-"));
                if (w.status() != RunStatus.SUCCEEDED || r.status() != RunStatus.SUCCEEDED) md.append("(a run failed: ").append(w.status()).append(")\n");
            }
        }
        String head = "| executor | submit→start median (ms) | p90 | end→next start median (ms) | p90 | " + wide + " jobs of `sleep 2`, wall (s) | Slurm calls |\n"
                + "|---|---|---|---|---|---|---|\n";
        System.out.print(head + md);
        Files.writeString(Path.of("target/slurm-bench-result.md"), head + md);
    }

    private record Ran(baton.model.RunId id, RunStatus status) {}

    private static Ran run(Engine engine, Path dir, String name, String yaml, String executor) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        LiveRun live = engine.start(PipelineLoader.load(file), RunOptions.defaults().withExecutor(executor), List.of());
        return new Ran(live.id(), live.done().get(30, TimeUnit.MINUTES));
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static double p90(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.9) - 1));
    }
}
