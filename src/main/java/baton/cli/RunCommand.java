package baton.cli;

import baton.client.BatonClient;
import baton.client.RemoteClient;
import baton.client.RunHandle;
import baton.client.ServiceUnavailable;
import baton.client.StartRequest;
import baton.engine.exec.Native;
import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.model.JobStatus;
import baton.model.RunRecord;
import baton.model.RunStatus;
import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

@Command(name = "run", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton run examples/course/course.baton.yaml --param language=es", "  baton run examples/course/course.baton.yaml --enable audio --yes --json", "  baton run examples/course/course.baton.yaml --detach"}, description = "Run a pipeline to the end, headless (in the data directory's background service; Ctrl-C cancels it).")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the pipeline to run: a YAML/JSON pipeline, a CASCADE.md or ROADMAP.md, a script, or a folder of numbered scripts") Path file;
    @Mixin RunFlags flags;
    @Option(names = "--json", description = "print the run summary as JSON on stdout at the end") boolean json;
    @Option(names = "--detach", description = "print the run id and return at once; the run goes on in the background service (follow it with 'baton show', 'baton logs -f' or the window)") boolean detach;
    @Mixin DataDir dataDir;
    @Spec CommandSpec spec;

    /** Tests point this at a hook to cancel the run as Ctrl-C would. */
    static volatile java.util.function.Consumer<Runnable> signalHook = RunCommand::installSignalHandlers;

    @Override
    public Integer call() throws InterruptedException, LoadException, RunRefused {
        PrintWriter err = spec.commandLine().getErr();
        flags.check();
        DataDir.Connecting connecting = dataDir.connectSoon();
        StartRequest request;
        try {
            LoadedPipeline pipeline = flags.load(file);
            List<String> inputFiles = flags.inputFiles(pipeline);
            RunOptions options = flags.options(pipeline);
            request = new StartRequest(StartRequest.PipelineSource.of(pipeline), options, inputFiles, flags.limit(pipeline), flags.resume, detach);
        } catch (LoadException | RunRefused | RuntimeException e) {
            connecting.abandon();
            throw e;
        }
        try (BatonClient client = connecting.get()) {
            Progress progress = !detach && Native.isatty(2) ? new Progress(err) : null;
            RunListener notes = notesTo(err);
            RunListener listener = detach ? null : progress == null ? notes : events -> {
                progress.onEvents(events);
                notes.onEvents(events);
            };
            Interrupts ctrlC = detach ? null : Interrupts.install();
            BatonClient.Started started = client.start(request, listener);
            for (String note : started.notes()) err.println("baton: " + note);
            err.flush();
            if (detach) return detached(started.runs(), json, spec);
            if (progress != null) progress.attach();
            return finish(client, started.runs(), json, spec, ctrlC);
        }
    }

    /**
     * Ctrl-C (and SIGTERM) cancel the runs this terminal follows, also when it comes before the
     * service answered the order that started them: they are cancelled as soon as they are known.
     */
    static final class Interrupts {
        private final List<RunHandle> runs = new ArrayList<>();
        private boolean asked;

        static Interrupts install() {
            Interrupts i = new Interrupts();
            signalHook.accept(i::cancel);
            return i;
        }

        private synchronized void cancel() {
            asked = true;
            runs.forEach(RunCommand::cancelQuietly);
        }

        synchronized void follow(List<RunHandle> started) {
            runs.addAll(started);
            if (asked) started.forEach(RunCommand::cancelQuietly);
        }
    }

    /** Says which runs went on in the background, and how to follow them. */
    static int detached(List<RunHandle> runs, boolean json, CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (RunHandle r : runs) arr.addObject().put("run", r.id().value()).put("status", "running");
            out.println(Json.write(arr));
        } else {
            for (RunHandle r : runs) out.println(r.id());
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        RunHandle first = runs.getFirst();
        err.println("baton: running in the background; follow with 'baton show " + first.id() + "', cancel with 'baton cancel " + first.id() + "'");
        err.flush();
        return BatonCli.OK;
    }

    /** Prints what a run says to the person (paused, goes on) on stderr, each on a line of its own. */
    static RunListener notesTo(PrintWriter err) {
        return RunListener.forPeople(events -> {
            for (RunEvent e : events) {
                String line = switch (e) {
                    case RunEvent.RunNote n -> "run " + n.run() + ": " + n.text();
                    case RunEvent.JobMoved m when m.to() == baton.model.JobStatus.AWAITING_APPROVAL ->
                            "run " + m.run() + ": job " + m.jobId() + " waits for approval (" + m.reason() + "): 'baton approve "
                                    + m.run() + " " + m.jobId() + "' lets it go on, with --reject it fails";
                    default -> null;
                };
                if (line == null) continue;
                synchronized (err) {
                    Progress.clearLine(err);
                    err.println("baton: " + line);
                    err.flush();
                }
            }
        });
    }

    /**
     * Waits for the runs (Ctrl-C, caught by {@code ctrlC} since before they were ordered, cancels them), prints the summary, returns the worst exit code.
     * When the service goes away first (killed), the runs are interrupted: the next service marks
     * them so, and 'baton resume' continues them.
     */
    static int finish(BatonClient client, List<RunHandle> runs, boolean json, CommandSpec spec, Interrupts ctrlC) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ctrlC.follow(runs);
        int worst = BatonCli.OK;
        for (RunHandle r : runs) worst = worse(worst, r.await().exitCode());
        Progress.finishAll(err);
        String lost = client instanceof RemoteClient remote ? remote.lost() : null;
        if (lost != null) {
            for (RunHandle r : runs) {
                if (r.done().isCompletedExceptionally()) {
                    err.println("baton: " + lost + " before run " + r.id() + " ended: it is interrupted; 'baton resume " + r.id() + "' continues it");
                }
            }
            err.flush();
            return worse(worst, RunStatus.INTERRUPTED.exitCode());
        }
        List<RunRecord> ended = new ArrayList<>();
        for (RunHandle r : runs) client.run(r.id()).ifPresent(ended::add);
        if (json) {
            if (ended.size() == 1) {
                RunRecord r = ended.getFirst();
                out.println(Json.write(Json.summary(r, client.jobs(r.id()), null)));
            } else {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                for (RunRecord r : ended) arr.add(Json.summary(r, client.jobs(r.id()), null));
                out.println(Json.write(arr));
            }
        } else {
            for (RunRecord r : ended) ShowCommand.print(out, r, client.jobs(r.id()), client.attemptsWithMetricsOrClusterJob(r.id()));
        }
        return worst;
    }

    /** Ctrl-C: a run that already ended, or a service already gone, leaves nothing to cancel. */
    private static void cancelQuietly(RunHandle run) {
        if (run.done().isDone()) return;
        try {
            run.cancel();
        } catch (ServiceUnavailable e) {
            // ended meanwhile, or the service is gone: the wait says which
        }
    }

    /** Exit codes by how bad: 0 < 1 (failed) < 3 (cancelled); 2 never comes from a run. */
    private static int worse(int a, int b) {
        int ra = a == 3 ? 2 : a == 2 ? 3 : a;
        int rb = b == 3 ? 2 : b == 2 ? 3 : b;
        return ra >= rb ? a : b;
    }

    @SuppressWarnings("restriction")
    private static void installSignalHandlers(Runnable cancel) {
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> cancel.run());
            } catch (IllegalArgumentException e) {
                // the signal is not available here (or the JVM reserves it)
            }
        }
    }

    /** One line on a terminal's stderr, rewritten as states change: counts by state. */
    static final class Progress implements RunListener {
        private final PrintWriter err;
        private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
        private final Instant start = Instant.now();
        private long lastPrint;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void onEvents(List<RunEvent> events) {
            for (RunEvent e : events) {
                if (e instanceof RunEvent.JobMoved m) jobs.put(m.run() + "/" + m.jobId(), m.to());
            }
            long now = System.nanoTime();
            if (now - lastPrint < 100_000_000L) return;
            lastPrint = now;
            print();
        }

        private void print() {
            Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
            for (JobStatus s : jobs.values()) counts.merge(s, 1, Integer::sum);
            StringBuilder sb = new StringBuilder("\r\033[K[" + Text.duration(start, Instant.now()) + "]");
            Map<JobStatus, Integer> ordered = new HashMap<>(counts);
            for (JobStatus s : JobStatus.values()) {
                Integer n = ordered.get(s);
                if (n != null) sb.append(' ').append(n).append(' ').append(s.wire());
            }
            err.print(sb);
            err.flush();
        }

        private static volatile Progress current;

        /** Rubs out the progress line (on a terminal) so a message starts at the left edge. */
        static void clearLine(PrintWriter err) {
            if (current != null) err.print("\r\033[K");
        }

        void attach() {
            current = this;
        }

        static void finishAll(PrintWriter err) {
            Progress p = current;
            current = null;
            if (p == null) return;
            synchronized (p) {
                p.print();
                p.err.println();
                p.err.flush();
            }
        }
    }
}
