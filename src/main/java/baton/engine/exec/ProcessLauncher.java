package baton.engine.exec;

import baton.engine.logs.LogStream;
import baton.engine.logs.LogWriter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts a job's command as a real process in a session of its own and captures its output.
 * Waiting and draining happen on virtual threads that only report back through the callback.
 */
public final class ProcessLauncher {
    /** What to start. {@code command} is a shell command; values reach it only through {@code env}. */
    public record Launch(String command, Path cwd, Map<String, String> env, Path logFile, long logCap) {}

    public interface ExitListener {
        /** {@code exitCode} is null when the process could not be started; {@code error} then says why. */
        void exited(Integer exitCode, long logSize, String error);
    }

    /** A started process: its pid, and a way to add Baton's own lines to its log. */
    public record Started(long pid, LogWriter log) {
        public void note(String text) {
            log.note(text);
        }
    }

    private static final String SETSID = findSetsid();
    private final ScheduledExecutorService timers;
    private final Orphans orphans;

    public ProcessLauncher(ScheduledExecutorService timers) {
        this.timers = timers;
        this.orphans = Orphans.shared();
    }

    private static String findSetsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        return null;
    }

    /**
     * Runs the command to its end on the calling thread: {@code onStarted} hears of the process as
     * soon as it exists, {@code listener} when it has ended and its output is all in the log.
     */
    public void run(Launch l, java.util.function.Consumer<Started> onStarted, ExitListener listener) {
        LogWriter log;
        try {
            log = new LogWriter(l.logFile(), l.logCap());
        } catch (RuntimeException e) {
            listener.exited(null, 0, "cannot write the log file " + l.logFile() + ": " + e.getMessage());
            return;
        }
        if (!Files.isDirectory(l.cwd())) {
            fail(log, listener, "working directory " + l.cwd() + " does not exist");
            return;
        }
        int code;
        try {
            if (PosixSpawn.AVAILABLE) {
                String key = Orphans.attemptKey(l.env());
                PosixSpawn.Child[] spawned = new PosixSpawn.Child[1];
                orphans.spawn(key, () -> (spawned[0] = spawnPosix(l)).pid());
                PosixSpawn.Child child = spawned[0];
                onStarted.accept(new Started(child.pid(), log));
                code = PosixSpawn.pump(child, (stdout, bytes, len) -> log.write(stdout ? LogStream.STDOUT : LogStream.STDERR, bytes, 0, len),
                        () -> {
                            // children still hold the output pipes: end the group, and the strays that left it
                            orphans.mainEnded(key, child.pid());
                            ProcessTree.reapLeftovers(child.pid(), ProcessTree.GRACE, timers);
                        });
                orphans.mainEnded(key, child.pid());
            } else {
                code = runJdk(l, log, onStarted);
            }
        } catch (IOException e) {
            fail(log, listener, "cannot start the command: " + e.getMessage());
            return;
        }
        log.close();
        listener.exited(code, log.size(), log.failure());
    }

    private static void fail(LogWriter log, ExitListener listener, String msg) {
        log.note(msg);
        log.close();
        listener.exited(null, log.size(), msg);
    }

    /** Where FFM or posix_spawn is missing: ProcessBuilder, with setsid for a process group of its own. */
    private int runJdk(Launch l, LogWriter log, java.util.function.Consumer<Started> onStarted) throws IOException {
        Process process = spawnJdk(l);
        long pid = process.pid();
        onStarted.accept(new Started(pid, log));
        Thread out = Thread.ofVirtual().start(() -> drain(process.getInputStream(), log, LogStream.STDOUT));
        Thread err = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), log, LogStream.STDERR));
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        ProcessTree.reapLeftovers(pid, ProcessTree.GRACE, timers);
        join(out);
        join(err);
        return code;
    }

    private static PosixSpawn.Child spawnPosix(Launch l) throws IOException {
        List<String> direct = DirectExec.direct(l.command(), l.cwd(), l.env().get("PATH"));
        if (direct != null) {
            try {
                return PosixSpawn.spawn(direct.getFirst(), direct, l.env(), l.cwd().toString());
            } catch (IOException e) {
                // e.g. a script without a #! line: the shell knows how to run it
            }
        }
        List<String> sh = DirectExec.shell(l.command());
        return PosixSpawn.spawn(sh.getFirst(), sh, l.env(), l.cwd().toString());
    }

    private static Process spawnJdk(Launch l) throws IOException {
        List<String> sh = DirectExec.shell(l.command());
        List<String> cmd = new java.util.ArrayList<>();
        if (SETSID != null) cmd.add(SETSID);
        cmd.addAll(sh);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.directory(l.cwd().toFile());
        pb.environment().clear();
        pb.environment().putAll(l.env());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    private static void drain(InputStream in, LogWriter log, LogStream stream) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) log.write(stream, buf, 0, n);
        } catch (IOException e) {
            // the pipe closed under us: the process is gone
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
