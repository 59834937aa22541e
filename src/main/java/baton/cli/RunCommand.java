package baton.cli;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.exec.Native;
import baton.engine.RunEvent;
import baton.engine.RunListener;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.engine.run.SlotPool;
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

@Command(name = "run", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton run examples/course/course.baton.yaml --param language=es", "  baton run examples/course/course.baton.yaml --enable audio --yes --json"}, description = "Run a pipeline to the end, headless.")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the pipeline to run: a YAML/JSON pipeline, a CASCADE.md or ROADMAP.md, a script, or a folder of numbered scripts") Path file;
    @Mixin RunFlags flags;
    @Option(names = "--json", description = "print the run summary as JSON on stdout at the end") boolean json;
    @Mixin DataDir dataDir;
    @Spec CommandSpec spec;

    /** Tests point this at a hook to cancel the run as Ctrl-C would. */
    static volatile java.util.function.Consumer<Runnable> signalHook = RunCommand::installSignalHandlers;

    @Override
    public Integer call() throws InterruptedException, LoadException, RunRefused {
        PrintWriter err = spec.commandLine().getErr();
        LoadedPipeline pipeline = flags.checkAndLoad(file);
        List<String> inputFiles = flags.inputFiles(pipeline);
        try (Engine engine = dataDir.openEngine()) {
            SlotPool slots = new SlotPool(flags.limit(pipeline));
            Progress progress = Native.isatty(2) ? new Progress(err) : null;
            List<LiveRun> runs = new ArrayList<>();
            try {
                RunOptions base = flags.options(pipeline, engine.earlierRuns(), err);
                for (String input : RunFlags.perRun(inputFiles)) {
                    runs.add(engine.start(pipeline, base.withInput(input), progress == null ? List.of(notesTo(err)) : List.of(progress, notesTo(err)), slots));
                }
            } catch (RunRefused e) {
                // the runs of the batch that did start end with it
                runs.forEach(LiveRun::cancel);
                for (LiveRun r : runs) r.await();
                throw e;
            }
            if (progress != null) progress.attach();
            return finish(engine, runs, json, spec);
        }
    }

    /** Prints what a run says to the person (paused, goes on) on stderr, each on a line of its own. */
    static RunListener notesTo(PrintWriter err) {
        return events -> {
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
        };
    }

    /** Waits for the runs (Ctrl-C cancels them), prints the summary, returns the worst exit code. */
    static int finish(Engine engine, List<LiveRun> runs, boolean json, CommandSpec spec) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        signalHook.accept(() -> runs.forEach(LiveRun::cancel));
        int worst = BatonCli.OK;
        List<RunRecord> ended = new ArrayList<>();
        for (LiveRun r : runs) {
            RunStatus s = r.await();
            worst = worse(worst, s.exitCode());
            engine.run(r.id()).ifPresent(ended::add);
        }
        Progress.finishAll(spec.commandLine().getErr());
        if (json) {
            if (ended.size() == 1) {
                RunRecord r = ended.getFirst();
                out.println(Json.write(Json.summary(r, engine.jobs(r.id()), null)));
            } else {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                for (RunRecord r : ended) arr.add(Json.summary(r, engine.jobs(r.id()), null));
                out.println(Json.write(arr));
            }
        } else {
            for (RunRecord r : ended) ShowCommand.print(out, r, engine.jobs(r.id()), engine.attempts(r.id()));
        }
        return worst;
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
