package baton.engine.run;

import baton.engine.executor.Executor;
import baton.engine.executor.JobSpec;
import baton.engine.executor.Running;
import baton.engine.executor.Watch;
import baton.engine.plan.JobEnvironment;
import baton.engine.results.JobResults;
import baton.engine.plan.PlannedJob;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.model.RunPlan;
import baton.store.OwnerOnly;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gets an attempt ready and starts it. On the coordinator's thread, what needs the live table:
 * the BATON_UPSTREAM document. On a launcher thread, the rest: the attempt's folder, its
 * environment and files, then the process or the http call, whose start and end come back as
 * messages like everything else, so the coordinator goes on deciding while processes start.
 */
final class AttemptPreparation {
    private static final ObjectMapper UPSTREAM_JSON = new ObjectMapper();

    private final RunId runId;
    private final PipelineDef def;
    private final RunContext ctx;
    private final RunPlan plan;
    private final Path runDir;
    private final JobTable table;
    private final Consumer<Message> post;

    AttemptPreparation(RunId runId, PipelineDef def, RunContext ctx, RunPlan plan, JobTable table, Consumer<Message> post) {
        this.runId = runId;
        this.def = def;
        this.ctx = ctx;
        this.plan = plan;
        this.runDir = ctx.runDir(runId);
        this.table = table;
        this.post = post;
    }

    /** Reads what the attempt of {@code js} that just began needs from the table; returns the start, for a launcher thread. */
    Runnable prepare(JobState js, Path attemptDir, Path log) {
        PlannedJob job = js.job;
        int attempt = js.attempt;
        PhaseDef phase = table.phaseOf(js);
        String upstream = upstreamDocument(job);
        Instant since = js.startedAt;
        return () -> launch(phase, job, attempt, attemptDir, log, upstream, since);
    }

    /** The following of an attempt an earlier Baton started (a batch job that outlived it); for a launcher thread. */
    Runnable follow(JobState js, Path attemptDir, Path log, baton.engine.executor.Handle handle) {
        PlannedJob job = js.job;
        int attempt = js.attempt;
        PhaseDef phase = table.phaseOf(js);
        Instant since = js.startedAt;
        return () -> {
            Executor executor = ctx.executors().named(handle.executor());
            JobSpec spec = new JobSpec(runId, job, attempt, phase, plan.params(), plan.input(), JobEnvironment.cwd(def, phase), Map.of(), attemptDir, log,
                    ctx.logCap());
            if (executor == null) {
                post.accept(new Message.Exited(job.id(), attempt, null, 0, "no executor named '" + handle.executor() + "' to follow " + handle, Instant.now()));
                return;
            }
            executor.follow(spec, handle, watch(phase, job, attempt, attemptDir, since));
        };
    }

    /**
     * What an ended attempt said back, read where it ended (a launcher or poller thread), so the
     * coordinator never waits on a shared file system; the contract is checked only after exit 0.
     */
    private JobResults.Results results(PhaseDef phase, PlannedJob job, int attempt, Path attemptDir, Instant since, boolean exitedZero) {
        Path contract = phase.contract() == null || !exitedZero ? null : Path.of(def.baseDir() == null ? "." : def.baseDir()).resolve(phase.contract());
        return JobResults.read(attemptDir, runDir, JobEnvironment.cwd(def, phase), phase.artifacts(), contract, attempt,
                JobEnvironment.forArtifacts(plan.params(), job, attempt), since);
    }

    private void launch(PhaseDef phase, PlannedJob job, int attempt, Path attemptDir, Path log, String upstream, Instant since) {
        String jobId = job.id();
        Map<String, String> env;
        try {
            OwnerOnly.createDirectories(attemptDir);
            env = JobEnvironment.build(ctx.baseEnv(), ctx.instance(), def, phase, plan.params(), runId, job, attempt, plan.input(), runDir, attemptDir);
            if (upstream.equals("{}")) {
                // nothing upstream said anything: one shared empty document instead of a file per job
                Path empty = runDir.resolve("upstream-empty.json");
                if (!Files.exists(empty)) writeOwnerOnly(empty, "{}");
                env.put("BATON_UPSTREAM", empty.toString());
            } else {
                writeOwnerOnly(attemptDir.resolve("upstream.json"), upstream);
            }
        } catch (IOException e) {
            post.accept(new Message.Exited(jobId, attempt, null, 0, "cannot prepare the job's folder: " + e.getMessage(), Instant.now()));
            return;
        }
        Executor executor = ctx.executors().forPhase(phase, plan.executor(), def.executor());
        if (executor == null) {
            post.accept(new Message.Exited(jobId, attempt, null, 0, "no executor named '"
                    + baton.engine.executor.Executors.nameFor(phase, plan.executor(), def.executor()) + "' here (there are: "
                    + String.join(", ", ctx.executors().names()) + ")", Instant.now()));
            return;
        }
        executor.start(new JobSpec(runId, job, attempt, phase, plan.params(), plan.input(), JobEnvironment.cwd(def, phase), env, attemptDir, log,
                ctx.logCap()), watch(phase, job, attempt, attemptDir, since));
    }

    /** What the executor tells of one attempt, as messages to the coordinator; its results are read where its end is seen. */
    private Watch watch(PhaseDef phase, PlannedJob job, int attempt, Path attemptDir, Instant since) {
        String jobId = job.id();
        return new Watch() {
            @Override
            public void started(Running running, Instant runningSince) {
                post.accept(new Message.Started(jobId, attempt, running, runningSince));
            }

            @Override
            public void running(String node, Instant at) {
                post.accept(new Message.Placed(jobId, attempt, node, at));
            }

            @Override
            public void ended(Integer exitCode, long logSize, String error) {
                Instant at = Instant.now();
                JobResults.Results said = results(phase, job, attempt, attemptDir, since, exitCode != null && exitCode == 0 && error == null);
                post.accept(new Message.Exited(jobId, attempt, exitCode, logSize, error, at, said));
            }
        };
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        try (var ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                OwnerOnly.fileAttributes())) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * The BATON_UPSTREAM document of a job: outputs (and artifacts) of every job upstream of it,
     * direct or transitive, keyed by phase id and by job id. Jobs that said nothing are left out.
     */
    private String upstreamDocument(PlannedJob job) {
        if (!table.anyOutputs()) return "{}";
        ObjectNode doc = UPSTREAM_JSON.createObjectNode();
        ArrayDeque<PhaseState> todo = new ArrayDeque<>();
        Set<PhaseState> seen = new HashSet<>();
        todo.add(table.phaseState(job.phaseId()));
        while (!todo.isEmpty()) {
            for (PhaseState.Link l : todo.pop().upstream) {
                if (!seen.add(l.up())) continue;
                todo.add(l.up());
                for (String upJob : l.up().jobs) {
                    JobState us = table.job(upJob);
                    if (us.outputs.isEmpty() && us.artifacts.isEmpty()) continue;
                    ObjectNode o = UPSTREAM_JSON.createObjectNode();
                    us.outputs.forEach(o::put);
                    if (!us.artifacts.isEmpty()) {
                        var arr = o.putArray("artifacts");
                        for (var a : us.artifacts) {
                            var ao = arr.addObject().put("path", JobEnvironment.cwd(def, table.phaseOf(us)).resolve(a.path()).toString())
                                    .put("size", a.size()).put("sha256", a.sha256());
                            if (a.isLink()) ao.put("link", a.linkTarget());
                        }
                    }
                    doc.set(upJob, o);
                    // a phase of one job is also found by the phase id
                    if (l.up().jobs.size() == 1 && !upJob.equals(l.up().def.id())) doc.set(l.up().def.id(), o);
                }
            }
        }
        return doc.toString();
    }
}
