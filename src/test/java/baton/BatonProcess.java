package baton;

import baton.client.RemoteClient;
import baton.client.ServiceAddress;
import baton.client.ServiceConnector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test help: Baton as a separate process, from this build's classes, as its launcher would start it. */
public final class BatonProcess {
    private BatonProcess() {}

    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "baton.app.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The service of {@code data} as a child of the test (so the test holds its pid and can kill it
     * with SIGKILL), returned once it listens: a client started after this connects to it.
     */
    public static Process service(Path data) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command("service", "run", "--data-dir", data.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            if (!p.isAlive()) throw new IllegalStateException("the service of " + data + " ended at start, exit " + p.exitValue());
            Optional<RemoteClient> c = ServiceConnector.connectIfRunning(data);
            if (c.isPresent()) {
                long pid = c.get().hello().pid();
                c.get().close();
                if (pid != p.pid()) throw new IllegalStateException("another service (pid " + pid + ") already serves " + data);
                return p;
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the service of " + data + " did not listen within 60 s");
    }

    /** Stops the service of {@code data}, if one runs, and waits until it has let go of the data directory. */
    public static void stopService(Path data) throws Exception {
        Optional<RemoteClient> c = ServiceConnector.connectIfRunning(data);
        if (c.isEmpty()) return;
        try (RemoteClient client = c.get()) {
            client.stopService(true);
        }
        Path socket = ServiceAddress.of(data).socket();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.exists(socket) && System.nanoTime() < until) Thread.sleep(20);
        // the socket goes before the database is closed and the lock let go: wait for the lock too
        Path lock = ServiceAddress.of(data).lock();
        while (System.nanoTime() < until) {
            try (var ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE); var l = ch.tryLock()) {
                if (l != null) return;
            } catch (java.nio.channels.OverlappingFileLockException heldHere) {
                // a service in this JVM still holds it
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the service of " + data + " did not let go of it within 30 s");
    }
}
