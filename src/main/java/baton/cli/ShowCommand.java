package baton.cli;

import baton.client.BatonClient;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.Metrics;
import baton.model.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

@Command(name = "show", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton show last"}, description = "Show one run: its jobs, states, attempts and times.")
final class ShowCommand extends ServiceVerb {
    @Parameters(paramLabel = "RUN", description = "a run id, or 'last'") String runName;
    @Option(names = "--json", description = "print JSON (the run summary, with each job's attempts)") boolean json;

    @Override
    int execute(BatonClient client) {
        RunRecord run = dataDir.find(client, runName);
        List<JobRecord> jobs = client.jobs(run.id());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(Json.summary(run, jobs, client.attempts(run.id()))));
            return BatonCli.OK;
        }
        print(out, run, jobs, client.attemptsWithMetricsOrClusterJob(run.id()));
        return BatonCli.OK;
    }

    /**
     * The run's text summary, written at once: {@code out} flushes every line it prints, which
     * for a 10,000-job run is 10,000 writes. {@code attempts} may hold only those with metrics or
     * a cluster job: no other is shown.
     */
    static void print(PrintWriter out, RunRecord run, List<JobRecord> jobs, List<AttemptRecord> attempts) {
        java.io.StringWriter text = new java.io.StringWriter();
        printTo(new PrintWriter(text), run, jobs, attempts);
        out.print(text);
        out.flush();
    }

    /** A job that tried more than once shows each attempt's metrics after its total. */
    private static void printTo(PrintWriter out, RunRecord run, List<JobRecord> jobs, List<AttemptRecord> attempts) {
        out.printf("run %s  pipeline %s  %s  started %s  took %s%n", run.id(), run.pipelineId(), run.status().wire().toUpperCase(),
                Text.localTime(run.startedAt()), Text.duration(run.startedAt(), run.endedAt()));
        out.printf("file %s%s%n", run.sourcePath(), run.input() != null ? "  input " + run.input() : "");
        if (!run.switches().isEmpty()) {
            StringBuilder sb = new StringBuilder("switches");
            run.switches().forEach((k, v) -> sb.append("  ").append(k).append(v ? "=on" : "=off"));
            out.println(sb);
        }
        if (!run.takenFrom().isEmpty() || !run.leftOut().isEmpty()) {
            StringBuilder sb = new StringBuilder("not run");
            run.takenFrom().forEach((phase, from) -> sb.append("  ").append(phase).append(": outputs from ").append(from));
            run.leftOut().forEach((phase, why) -> sb.append("  ").append(phase).append(": ").append(why));
            out.println(sb);
        }
        out.printf("%-24s %-10s %4s %5s %-20s %9s  %s%n", "JOB", "STATUS", "TRY", "EXIT", "STARTED", "DURATION", "ERROR / OUTPUTS");
        for (JobRecord j : jobs) {
            String extra = j.error() != null ? j.error() : j.outputs().isEmpty() ? "" : j.outputs().toString();
            out.printf("%-24s %-10s %4s %5s %-20s %9s  %s%n", Text.cut(j.id(), 24), j.status().wire(), j.attempts() == 0 ? "-" : j.attempts(),
                    j.exitCode() == null ? "-" : j.exitCode(), Text.localTime(j.startedAt()), Text.duration(j.startedAt(), j.endedAt()),
                    Text.cut(extra, 60));
        }
        var sums = Json.metricSums(jobs);
        if (!sums.isEmpty()) out.println("metrics  " + Metrics.line(sums) + "  (run total, every attempt)");
        Map<String, List<AttemptRecord>> attemptsOf = Json.byJob(attempts == null ? List.of() : attempts);
        for (JobRecord j : jobs) {
            if (j.metrics().isEmpty()) continue;
            List<AttemptRecord> tries = attemptsOf.getOrDefault(j.id(), List.of()).stream().filter(a -> !a.metrics().isEmpty()).toList();
            StringBuilder sb = new StringBuilder("metrics ").append(j.id()).append("  ").append(Metrics.line(j.metrics()));
            if (tries.size() > 1) {
                sb.append("  (");
                for (AttemptRecord a : tries) {
                    if (a != tries.getFirst()) sb.append("; ");
                    sb.append("attempt ").append(a.attempt()).append(": ").append(Metrics.line(a.metrics()));
                }
                sb.append(')');
            }
            out.println(sb);
        }
        for (AttemptRecord a : attempts == null ? List.<AttemptRecord>of() : attempts) {
            if (a.slurmJobId() != null) {
                out.printf("slurm %s  attempt %d  job %s  %s%n", a.jobId(), a.attempt(), a.slurmJobId(),
                        a.node() != null ? "node " + a.node() : a.endedAt() == null ? "waiting in the cluster's queue" : "node unknown");
            }
        }
        for (JobRecord j : jobs) {
            for (var a : j.artifacts()) {
                if (a.isLink()) out.printf("artifact %s  %s  link to %s%n", j.id(), a.path(), a.linkTarget());
                else out.printf("artifact %s  %s  %d bytes  sha256 %s%n", j.id(), a.path(), a.size(), a.sha256());
            }
            for (String w : j.warnings()) out.printf("warning %s  %s%n", j.id(), w);
        }
    }
}
