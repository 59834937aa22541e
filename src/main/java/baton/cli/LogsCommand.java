package baton.cli;

import baton.client.BatonClient;
import baton.engine.logs.LogReader;
import baton.engine.logs.LogStream;
import baton.engine.exec.Native;
import baton.format.Suggest;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunRecord;
import baton.model.StateChange;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "logs", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton logs last baskets --attempt 1"}, description = "Print a job's log (stdout and stderr in the order they came).")
final class LogsCommand extends ServiceVerb {
    @Parameters(index = "0", paramLabel = "RUN") String runName;
    @Parameters(index = "1", paramLabel = "JOB") String jobId;
    @Option(names = "--attempt", paramLabel = "N", description = "which attempt (default: the latest)") Integer attempt;
    @Option(names = {"-f", "--follow"}, description = "keep printing while the job runs") boolean follow;
    @Option(names = "--stderr", description = "only the lines the job wrote to stderr") boolean stderrOnly;
    @Option(names = "--raw", description = "the job's bytes as stored, control characters included (by default they are "
            + "shown as \\e, \\xNN when writing to a terminal)") boolean raw;

    /** Tests swap this for a buffer; the log's bytes go out unchanged (they may not be UTF-8). */
    static OutputStream rawOut = null;

    @Override
    int execute(BatonClient client) throws IOException, InterruptedException {
        RunRecord run = dataDir.find(client, runName);
        List<String> jobIds = client.jobs(run.id()).stream().map(j -> j.id()).toList();
        if (!jobIds.contains(jobId)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "run " + run.id() + " has no job '" + jobId + "'"
                    + Suggest.hint(jobId, jobIds) + "; its jobs: " + String.join(", ", jobIds.size() > 12 ? jobIds.subList(0, 12) : jobIds));
        }
        AttemptRecord a = pick(client, run);
        if (a == null) {
            String neverRan = neverRan(client, run);
            if (neverRan != null) {
                spec.commandLine().getErr().println("baton: " + neverRan);
                return BatonCli.FAILED;
            }
            spec.commandLine().getErr().println("baton: job " + jobId + " has not started yet" + (follow ? "; waiting for it" : ""));
            if (!follow) return BatonCli.OK;
            while ((a = pick(client, run)) == null) {
                if (jobEnded(client, run)) {
                    neverRan = neverRan(client, run);
                    spec.commandLine().getErr().println("baton: " + (neverRan != null ? neverRan : "job " + jobId + " ended without running"));
                    return BatonCli.FAILED;
                }
                Thread.sleep(200);
            }
        }
        boolean neutralise = !raw && rawOut == null && Native.isatty(1);
        OutputStream out = rawOut != null ? rawOut : new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        Path log = Path.of(a.logPath());
        long offset = 0;
        while (true) {
            if (Files.exists(log)) offset = LogReader.read(log, offset, line -> write(out, line, neutralise));
            out.flush();
            if (!follow || attemptEnded(client, run, a.attempt())) break;
            Thread.sleep(200);
        }
        if (follow && Files.exists(log)) LogReader.read(log, offset, line -> write(out, line, neutralise));
        out.flush();
        return BatonCli.OK;
    }

    private void write(OutputStream out, LogReader.Line line, boolean neutralise) throws IOException {
        if (stderrOnly && line.stream() != LogStream.STDERR) return;
        if (line.stream() == LogStream.BATON) out.write("[baton] ".getBytes());
        // a job's output could move the cursor, retitle the window or answer back through the
        // terminal: on a terminal its control characters are shown, not obeyed
        out.write(neutralise ? TerminalText.neutralise(line.bytes()) : line.bytes());
        out.write('\n');
    }

    /** Why the job never ran and never will in this pass (blocked, skipped, cancelled before it started), or null. */
    private String neverRan(BatonClient client, RunRecord run) {
        JobRecord job = client.jobs(run.id()).stream().filter(j -> j.id().equals(jobId)).findFirst().orElse(null);
        if (job == null || !job.status().isTerminal()) return null;
        String reason = job.error();
        if (reason == null || reason.isBlank()) {
            reason = client.stateChanges(run.id(), 0).stream().filter(c -> jobId.equals(c.jobId()) && c.reason() != null)
                    .reduce((first, second) -> second).map(StateChange::reason).orElse(null);
        }
        return "job " + jobId + " was " + job.status().wire() + (reason == null || reason.isBlank() ? "" : ": " + reason) + "; it never ran";
    }

    private AttemptRecord pick(BatonClient client, RunRecord run) {
        List<AttemptRecord> all = client.attempts(run.id()).stream().filter(x -> x.jobId().equals(jobId)).toList();
        if (attempt != null) {
            return all.stream().filter(x -> x.attempt() == attempt).findFirst().orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "job " + jobId + " has no attempt " + attempt
                            + " (it has " + all.size() + ")"));
        }
        return all.isEmpty() ? null : all.getLast();
    }

    private boolean attemptEnded(BatonClient client, RunRecord run, int n) {
        return client.attempts(run.id()).stream().anyMatch(x -> x.jobId().equals(jobId) && x.attempt() == n && x.endedAt() != null)
                || client.run(run.id()).map(r -> r.status().isTerminal()).orElse(true);
    }

    private boolean jobEnded(BatonClient client, RunRecord run) {
        return client.jobs(run.id()).stream().anyMatch(j -> j.id().equals(jobId) && j.status().isTerminal() && j.status() != JobStatus.PENDING)
                || client.run(run.id()).map(r -> r.status().isTerminal()).orElse(true);
    }
}
