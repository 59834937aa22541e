package baton.engine;

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

    public ProcessLauncher(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    private static String findSetsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        return null;
    }

    /** Starts the process; returns null when it could not start (the listener is then called at once). */
    public Started start(Launch l, ExitListener listener) {
        LogWriter log;
        try {
            log = new LogWriter(l.logFile(), l.logCap());
        } catch (RuntimeException e) {
            listener.exited(null, 0, "cannot write the log file " + l.logFile() + ": " + e.getMessage());
            return null;
        }
        if (!Files.isDirectory(l.cwd())) {
            String msg = "working directory " + l.cwd() + " does not exist";
            log.note(msg);
            log.close();
            listener.exited(null, log.size(), msg);
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder(SETSID != null
                ? List.of(SETSID, "/bin/sh", "-c", l.command())
                : List.of("/bin/sh", "-c", l.command()));
        pb.directory(l.cwd().toFile());
        pb.environment().clear();
        pb.environment().putAll(l.env());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            String msg = "cannot start the command: " + e.getMessage();
            log.note(msg);
            log.close();
            listener.exited(null, log.size(), msg);
            return null;
        }
        long pid = process.pid();
        Thread out = Thread.ofVirtual().name("out-" + pid).start(() -> drain(process.getInputStream(), log, LogStream.STDOUT));
        Thread err = Thread.ofVirtual().name("err-" + pid).start(() -> drain(process.getErrorStream(), log, LogStream.STDERR));
        Thread.ofVirtual().name("wait-" + pid).start(() -> {
            int code;
            try {
                code = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // background children keep the pipes open: end them so nothing outlives the job
            ProcessTree.reapLeftovers(pid, ProcessTree.GRACE, timers);
            join(out);
            join(err);
            log.close();
            listener.exited(code, log.size(), null);
        });
        return new Started(pid, log);
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
