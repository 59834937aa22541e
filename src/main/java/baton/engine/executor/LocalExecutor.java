package baton.engine.executor;

import baton.engine.exec.JobProcesses;
import baton.engine.exec.ProcessLauncher;
import baton.engine.exec.ProcessTree;
import baton.model.AttemptRecord;
import baton.model.PhaseDef;
import baton.model.RunId;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Jobs as processes on this machine, in sessions of their own ({@link ProcessLauncher}); the
 * handle is the pid. A dead Baton's leftovers are found by the identity in their environment
 * ({@link JobProcesses}), which also catches children that left the job's process group.
 */
public final class LocalExecutor implements Executor {
    public static final String NAME = "local";

    private final ProcessLauncher launcher;
    private final ScheduledExecutorService timers;

    public LocalExecutor(ScheduledExecutorService timers) {
        this.launcher = new ProcessLauncher(timers);
        this.timers = timers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String refuses(PhaseDef phase) {
        return phase.run() == null ? "it has no 'run' command" : null;
    }

    @Override
    public void start(JobSpec job, Watch watch) {
        launcher.run(new ProcessLauncher.Launch(job.command(), job.cwd(), job.env(), job.log(), job.logCap()),
                proc -> watch.started(new Process(proc), Instant.now()), watch::ended);
    }

    @Override
    public List<String> endOrphans(String instance, RunId run, List<AttemptRecord> attempts) {
        // attempts another executor ran (a Slurm job on this very machine) carry the same identity: not ours to end
        java.util.Set<String> others = new java.util.HashSet<>();
        for (AttemptRecord a : attempts) {
            if (a.executor() != null && !a.executor().equals(NAME)) others.add(a.jobId() + "\u0000" + a.attempt());
        }
        return JobProcesses.endAndVerify(instance, run.value(), ProcessTree.GRACE,
                        id -> others.contains(id.get("BATON_JOB_ID") + "\u0000" + id.get("BATON_ATTEMPT")))
                .stream().map(pid -> "process " + pid).toList();
    }

    private final class Process implements Running {
        private final ProcessLauncher.Started proc;
        private final Handle handle;

        Process(ProcessLauncher.Started proc) {
            this.proc = proc;
            this.handle = new Handle(NAME, Long.toString(proc.pid()));
        }

        @Override
        public Handle handle() {
            return handle;
        }

        @Override
        public void note(String text) {
            proc.note(text);
        }

        @Override
        public void end(Ending why, String reason) {
            if (reason != null) {
                proc.note(reason + ": sending SIGTERM to the job's processes (SIGKILL in " + ProcessTree.GRACE.toSeconds() + "s)");
            }
            ProcessTree.terminate(proc.pid(), ProcessTree.GRACE, timers);
        }
    }
}
