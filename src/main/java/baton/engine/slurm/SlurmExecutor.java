package baton.engine.slurm;

import baton.engine.executor.Ending;
import baton.engine.executor.Executor;
import baton.engine.executor.Handle;
import baton.engine.executor.JobSpec;
import baton.engine.executor.Running;
import baton.engine.executor.Watch;
import baton.engine.logs.LogStream;
import baton.engine.logs.LogWriter;
import baton.model.AttemptRecord;
import baton.model.PhaseDef;
import baton.model.RunId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs as Slurm batch jobs. An attempt is submitted with sbatch (its command, its folder, its
 * whole environment; its output to files in its attempt folder), and every live attempt of this
 * engine is followed by one poller: one squeue per poll for all of them, never one per job. The
 * poller also copies what their output files gained into their Baton logs, so a log is live as
 * far as the shared file system lets it be. Cancel and timeout are an scancel. The run folder must
 * be on a file system the cluster shares, at the same path: checked once, by a probe job, before
 * the first submission.
 */
public final class SlurmExecutor implements Executor, AutoCloseable {
    public static final String NAME = "slurm";
    /** How often the queue is read (BATON_SLURM_POLL overrides it). */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(500);
    /** How long an unreachable slurmctld is waited for before the jobs that need it fail (BATON_SLURM_PATIENCE). */
    public static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(2);
    /** Polls a job may be missing from the queue, with no exit status written, before it counts as lost. */
    private static final int MISSING_POLLS = 6;
    private static final System.Logger LOG = System.getLogger("baton.engine");

    private final SlurmClient client;
    private final Map<String, String> env;
    private final String instance;
    private final Duration poll;
    private final Duration patience;
    private final Map<String, Tracked> live = new ConcurrentHashMap<>();
    /**
     * sbatch calls in flight at once: a fan-out of hundreds must not open hundreds of connections
     * to slurmctld at the same moment (each sbatch is one RPC; a few in parallel keep the queue fed).
     */
    private final java.util.concurrent.Semaphore submitting = new java.util.concurrent.Semaphore(4);
    private final SharedDirProbe probe;
    private final Thread poller;
    private volatile boolean closed;
    /** Since when slurmctld has not answered, or null while it answers. */
    private volatile Instant unreachableSince;

    public SlurmExecutor(Map<String, String> env, String instance) {
        this.client = new SlurmClient(env);
        this.env = Map.copyOf(env);
        this.instance = instance;
        // the system properties are for tests and benchmarks, which cannot set their own environment
        this.poll = SlurmSettings.duration(env.getOrDefault("BATON_SLURM_POLL", System.getProperty("baton.slurm.poll")), DEFAULT_POLL);
        this.patience = SlurmSettings.duration(env.getOrDefault("BATON_SLURM_PATIENCE", System.getProperty("baton.slurm.patience")), DEFAULT_PATIENCE);
        this.probe = new SharedDirProbe(client, poll, patience);
        this.poller = Thread.ofPlatform().name("baton-slurm-poll").daemon(true).unstarted(this::pollLoop);
    }

    /** Why jobs cannot be submitted from here (no Slurm client on Baton's PATH), or null. */
    public String unavailable() {
        String path = env.getOrDefault("PATH", "");
        for (String tool : List.of("sbatch", "squeue", "scancel")) {
            boolean found = false;
            for (String d : path.split(":")) if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) found = true;
            if (!found) {
                return "the Slurm client ('" + tool + "') is not on Baton's PATH: run Baton on a login node of the cluster, or a machine with "
                        + "the Slurm client configured (see docs/executors.md)";
            }
        }
        return null;
    }

    public SlurmClient client() {
        return client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String refuses(PhaseDef phase) {
        if (phase.http() != null) return "an http phase is called from Baton's machine, not submitted to Slurm";
        return phase.run() == null ? "it has no 'run' command" : null;
    }

    @Override
    public void start(JobSpec job, Watch watch) {
        LogWriter log;
        try {
            log = new LogWriter(job.log(), job.logCap());
        } catch (RuntimeException e) {
            watch.ended(null, 0, "cannot write the log file " + job.log() + ": " + e.getMessage());
            return;
        }
        String shared = probe.check(job.attemptDir().getParent().getParent());
        if (shared != null) {
            end(log, watch, shared);
            return;
        }
        Path script = job.attemptDir().resolve("slurm.sh");
        Path out = job.attemptDir().resolve("slurm.out");
        Path err = job.attemptDir().resolve("slurm.err");
        Path exit = job.attemptDir().resolve("slurm.exit");
        Path envFile = job.attemptDir().resolve("slurm.env");
        String comment = comment(instance, job.run().value(), job.job().id(), job.attempt());
        try {
            Files.writeString(script, SbatchLine.script(job.command(), exit, comment));
            Files.deleteIfExists(exit);
            try (var ch = Files.newByteChannel(envFile, java.util.Set.of(java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING), baton.store.OwnerOnly.fileAttributes())) {
                ch.write(java.nio.ByteBuffer.wrap(SlurmSettings.exportFile(job.env())));
            }
        } catch (IOException e) {
            end(log, watch, "cannot write the batch script " + script + ": " + e.getMessage());
            return;
        }
        List<String> line = SbatchLine.of(job.phase().slurm(), "baton:" + job.job().id(), comment, job.cwd(), out, err, envFile, script);
        SlurmClient.Result r = submit(line, job.cwd(), log);
        if (!r.ok()) {
            end(log, watch, (r.unreachable() ? "cannot reach slurmctld to submit the job (" : "sbatch refused the job (")
                    + r.why() + ")" + SlurmSettings.hint(r.why()));
            return;
        }
        String id = r.out().strip().split(";")[0].strip();
        log.note("submitted to Slurm as job " + id);
        Tracked t = new Tracked(id, job.attemptDir(), log, watch);
        live.put(id, t);
        watch.started(t, null);
        ensurePolling();
    }

    /** sbatch, tried again while slurmctld cannot be reached, up to the patience; a few at a time. */
    private SlurmClient.Result submit(List<String> line, Path cwd, LogWriter log) {
        Instant until = Instant.now().plus(patience);
        boolean told = false;
        while (true) {
            SlurmClient.Result r;
            submitting.acquireUninterruptibly();
            try {
                r = client.run(line, cwd);
            } finally {
                submitting.release();
            }
            if (r.ok() || !r.unreachable() || Instant.now().isAfter(until) || closed) return r;
            if (!told) {
                log.note("slurmctld cannot be reached (" + r.why() + "): trying again for up to " + patience.toSeconds() + "s");
                told = true;
            }
            sleep(Duration.ofSeconds(2));
        }
    }

    private static void end(LogWriter log, Watch watch, String why) {
        log.note(why);
        log.close();
        watch.ended(null, log.size(), why);
    }

    /** The comment sbatch stores with the job: who it is, so a later Baton finds it even if its id was never recorded. */
    static String comment(String instance, String run, String job, int attempt) {
        return "baton:" + instance + ":" + run + ":" + attempt + ":" + job;
    }

    private synchronized void ensurePolling() {
        if (!poller.isAlive() && !closed) poller.start();
    }

    private void pollLoop() {
        while (!closed) {
            try {
                if (!live.isEmpty()) pollOnce();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "polling Slurm failed", e);
            }
            sleep(poll);
        }
    }

    /** One squeue for every live job; what changed is told to their watchers. */
    private void pollOnce() {
        List<String> ids = new ArrayList<>(live.keySet());
        SlurmClient.Result r = client.run(List.of("squeue", "-h", "-t", "all", "-j", String.join(",", ids), "-O", QueueState.FORMAT));
        QueueState q;
        if (r.ok()) {
            q = QueueState.parse(r.out());
            unreachableSince = null;
        } else if (r.why().contains("Invalid job id")) {
            q = new QueueState(Map.of()); // none of them is known any more
            unreachableSince = null;
        } else {
            Instant since = unreachableSince == null ? Instant.now() : unreachableSince;
            if (unreachableSince == null) {
                unreachableSince = since;
                for (Tracked t : live.values()) t.log.note("cannot read Slurm's queue (" + r.why() + "): waiting up to " + patience.toSeconds() + "s");
            }
            if (Duration.between(since, Instant.now()).compareTo(patience) > 0) {
                for (Tracked t : live.values()) {
                    t.finish(null, "lost contact with slurmctld for over " + patience.toSeconds() + "s (" + r.why()
                            + "); Slurm job " + t.id + " may still run: check it with squeue and end it with scancel");
                }
            }
            return;
        }
        for (String id : ids) {
            Tracked t = live.get(id);
            if (t != null) t.seen(q.jobs().get(id));
        }
    }

    /**
     * What becomes of a dead Baton's Slurm jobs: followed to their end by the next one
     * ({@code adopt}, the default) or cancelled ({@code cancel}); BATON_SLURM_ORPHANS says which.
     */
    public boolean adoptsOrphans() {
        String choice = env.getOrDefault("BATON_SLURM_ORPHANS", System.getProperty("baton.slurm.orphans", "adopt"));
        return !"cancel".equalsIgnoreCase(choice.strip());
    }

    @Override
    public boolean adopts(AttemptRecord attempt) {
        return attempt.slurmJobId() != null && adoptsOrphans();
    }

    @Override
    public void follow(JobSpec job, Handle handle, Watch watch) {
        LogWriter log;
        try {
            // the log is rebuilt from the job's own output files: what the dead Baton had copied is in them too
            Files.deleteIfExists(job.log());
            log = new LogWriter(job.log(), job.logCap());
        } catch (IOException | RuntimeException e) {
            watch.ended(null, 0, "cannot write the log file " + job.log() + ": " + e.getMessage());
            return;
        }
        log.note("Baton restarted: following Slurm job " + handle.id() + " again, not submitting it twice");
        Tracked t = new Tracked(handle.id(), job.attemptDir(), log, watch);
        live.put(handle.id(), t);
        watch.started(t, null);
        ensurePolling();
    }

    /**
     * Ends the run's Slurm jobs that will not be followed: all of them when orphans are cancelled,
     * else those whose id was never recorded (Baton died between sbatch and its next commit). They
     * are found by the comment every submission carries, in one squeue, and verified gone.
     */
    @Override
    public List<String> endOrphans(String instance, RunId run, List<AttemptRecord> attempts) {
        // a run that never went to Slurm costs no call; one cut off between sbatch and the commit of
        // its id shows as a running attempt without a handle
        boolean any = attempts.stream().anyMatch(a -> a.slurmJobId() != null || a.handle() == null && a.status() == baton.model.JobStatus.RUNNING);
        if (!any || unavailable() != null) return List.of();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        for (AttemptRecord a : attempts) if (a.slurmJobId() != null) recorded.add(a.slurmJobId());
        String prefix = "baton:" + instance + ":" + run.value() + ":";
        List<String> toEnd = new ArrayList<>();
        for (String[] job : ours(prefix)) {
            if (!adoptsOrphans() || !recorded.contains(job[0])) toEnd.add(job[0]);
        }
        if (toEnd.isEmpty()) return List.of();
        client.run(concat(List.of("scancel"), toEnd));
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(until)) {
            List<String> left = new ArrayList<>();
            for (String[] job : ours(prefix)) if (toEnd.contains(job[0])) left.add(job[0]);
            if (left.isEmpty()) return List.of();
            sleep(poll);
        }
        return toEnd.stream().map(id -> "Slurm job " + id).toList();
    }

    /** [id, state] of the live (queued or running) jobs whose comment starts with {@code prefix}, from one squeue. */
    private List<String[]> ours(String prefix) {
        SlurmClient.Result r = client.run(List.of("squeue", "-h", "-t", "PENDING,RUNNING,CONFIGURING,COMPLETING,SUSPENDED,REQUEUED",
                "-O", "JobID:|,State:|,Comment:"));
        List<String[]> out = new ArrayList<>();
        if (!r.ok()) return out;
        for (String line : r.out().split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length >= 3 && f[2].strip().startsWith(prefix)) out.add(new String[]{f[0].strip(), f[1].strip()});
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One live attempt: its Slurm job, its log, its output files and how much of them is in the log. */
    private final class Tracked implements Running {
        final String id;
        final Path dir;
        final LogWriter log;
        final Watch watch;
        final Handle handle;
        final Map<Path, Long> copied = new HashMap<>();
        boolean placed;
        int missing;
        /** Why Baton ended it (cancel, timeout), or null. */
        volatile String endedBy;

        Tracked(String id, Path dir, LogWriter log, Watch watch) {
            this.id = id;
            this.dir = dir;
            this.log = log;
            this.watch = watch;
            this.handle = new Handle(NAME, id);
        }

        @Override
        public Handle handle() {
            return handle;
        }

        @Override
        public void note(String text) {
            log.note(text);
        }

        @Override
        public void end(Ending why, String reason) {
            endedBy = reason == null ? "cancelled" : reason;
            if (reason != null) log.note(reason + ": scancel " + id);
            // called on the coordinator's thread: a controller that is slow to answer must not hold the run up
            Thread.ofVirtual().name("baton-scancel-" + id).start(() -> {
                SlurmClient.Result r = client.run(List.of("scancel", id));
                if (!r.ok()) log.note("scancel " + id + " failed: " + r.why());
            });
        }

        /** What one poll found of this job (null: squeue does not know it). */
        void seen(QueueState.Job j) {
            if (j == null) {
                Integer code = exitCode();
                if (code != null) {
                    finish(code, code == 0 ? null : "exit code " + code);
                } else if (++missing >= MISSING_POLLS) {
                    finish(null, "Slurm lost job " + id + ": slurmctld no longer knows it and it left no exit status in " + dir);
                }
                return;
            }
            missing = 0;
            if ((j.running() || j.ended()) && !placed) {
                placed = true;
                watch.running(j.node(), j.start() != null ? j.start() : Instant.now());
            }
            if (j.running()) copyOutput();
            if (!j.ended()) return;
            Integer code = exitCode();
            switch (j.state()) {
                case "COMPLETED" -> finish(code == null ? 0 : code, code == null || code == 0 ? null : "exit code " + code);
                case "FAILED" -> finish(code, code != null ? "exit code " + code : "Slurm: the job failed (" + j.reason() + ")");
                case "CANCELLED" -> finish(null, endedBy != null ? endedBy : "cancelled in Slurm (scancel by someone other than Baton)");
                case "TIMEOUT" -> finish(null, "Slurm ended it: its time limit ran out (slurm.time)");
                case "OUT_OF_MEMORY" -> finish(null, "Slurm ended it: out of memory (ask for more with slurm.mem)");
                case "NODE_FAIL" -> finish(null, "Slurm: node " + j.node() + " failed under the job (NODE_FAIL)");
                case "PREEMPTED" -> finish(null, "Slurm preempted the job");
                default -> finish(code, "Slurm ended it: " + j.state() + (j.reason().isBlank() || j.reason().equals("None") ? "" : " (" + j.reason() + ")"));
            }
        }

        /** The exit status the batch script wrote, or null when it wrote none (killed, or never ran). */
        Integer exitCode() {
            try {
                return Integer.valueOf(Files.readString(dir.resolve("slurm.exit")).strip());
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }

        /** Copies what the output files gained since the last look into the log. */
        void copyOutput() {
            copy(dir.resolve("slurm.out"), LogStream.STDOUT);
            copy(dir.resolve("slurm.err"), LogStream.STDERR);
        }

        private void copy(Path file, LogStream stream) {
            long from = copied.getOrDefault(file, 0L);
            try (var ch = java.nio.channels.FileChannel.open(file)) {
                if (ch.size() <= from) return;
                ch.position(from);
                var buf = java.nio.ByteBuffer.allocate(64 * 1024);
                int n;
                while ((n = ch.read(buf)) > 0) {
                    log.write(stream, buf.array(), 0, n);
                    from += n;
                    buf.clear();
                }
            } catch (IOException e) {
                return; // not there yet (still queued, or the shared file system has not shown it)
            }
            copied.put(file, from);
        }

        void finish(Integer code, String error) {
            if (live.remove(id) == null) return;
            copyOutput();
            if (error != null && !error.equals(endedBy)) log.note(error); // Baton's own reason is in the log already
            log.close();
            watch.ended(code, log.size(), error != null ? error : log.failure());
        }
    }
}
