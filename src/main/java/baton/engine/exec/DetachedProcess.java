package baton.engine.exec;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A process started to outlive this one (the background service a client starts): in a session
 * of its own, with no pipe and no reaper thread of the JDK's, so this JVM exits as soon as it is
 * done. Its stderr goes to an unlinked file this object reads, for the reason it gives if it ends
 * at once. A long-lived JVM (the window) still reaps it when it ends, by a look every half
 * second from a daemon thread that sleeps in between (never blocked in waitpid(2)).
 */
public final class DetachedProcess {
    private final long pid;
    private final FileChannel stderr;
    private volatile Integer exitCode;

    private static final java.util.concurrent.ScheduledExecutorService REAPER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "baton-detached-reaper");
                t.setDaemon(true);
                return t;
            });

    private DetachedProcess(long pid, FileChannel stderr) {
        this.pid = pid;
        this.stderr = stderr;
    }

    private void reapWhenEnded() {
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<?>> self = new java.util.concurrent.atomic.AtomicReference<>();
        self.set(REAPER.scheduleWithFixedDelay(() -> {
            if (exitCode() != null && self.get() != null) self.get().cancel(false);
        }, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** Whether this platform starts processes so (Linux with native access); else use ProcessBuilder. */
    public static boolean available() {
        return PosixSpawn.AVAILABLE && Native.available();
    }

    /** Starts {@code command}, its first word an absolute path, with exactly the environment {@code env}. */
    public static DetachedProcess start(List<String> command, Map<String, String> env) throws IOException {
        Path err = Files.createTempFile("baton-start-", ".err"); // owner-only (0600)
        try {
            FileChannel reader = FileChannel.open(err, StandardOpenOption.READ);
            try {
                long pid = PosixSpawn.spawnDetached(command.getFirst(), command, env, err);
                DetachedProcess p = new DetachedProcess(pid, reader);
                p.reapWhenEnded();
                return p;
            } catch (IOException | RuntimeException e) {
                reader.close();
                throw e;
            }
        } finally {
            Files.deleteIfExists(err); // the child and the reader hold it open: nothing is left behind
        }
    }

    public long pid() {
        return pid;
    }

    /** Its exit code once it has ended, else null; never blocks. */
    public synchronized Integer exitCode() {
        if (exitCode == null) exitCode = Native.exitCodeIfEnded(pid);
        return exitCode;
    }

    /** What it wrote on stderr so far. */
    public String stderr() {
        try {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(stderr.size(), 64 * 1024));
            stderr.read(buf, 0);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
