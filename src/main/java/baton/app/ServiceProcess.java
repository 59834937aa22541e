package baton.app;

import baton.engine.DataDirs;
import baton.service.Service;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code baton service run --data-dir DIR}: the process a client starts (detached) to serve a
 * data directory. Not a verb for people: they see {@code baton service status|stop|config}.
 */
final class ServiceProcess {
    private ServiceProcess() {}

    static boolean isServiceRun(String[] args) {
        return args.length >= 2 && args[0].equals("service") && args[1].equals("run");
    }

    static int run(String[] args) {
        String dir = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--data-dir") && i + 1 < args.length) dir = args[++i];
        }
        Path data;
        try {
            data = DataDirs.resolve(dir, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Optional<Service> service;
        try {
            service = Service.open(data, Service.idleAfter(System.getenv()));
        } catch (baton.store.StoreException e) {
            // meant for the person: the client that started this process passes it on as it is
            System.err.println(e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("the Baton service for " + data + " could not start: " + e);
            return 2;
        }
        if (service.isEmpty()) return 0; // another service took the lock first: it serves this data directory
        // an Error (a class gone from a jar replaced under it by an upgrade, no memory left) leaves
        // a service that holds the data directory but cannot serve it: better to end, so the next
        // client starts a sound one, which recovers the runs as interrupted ('baton resume')
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.getLogger("baton.service").log(System.Logger.Level.ERROR, "the service cannot go on (" + e + " in " + t.getName() + "): ending", e);
            if (e instanceof Error) Runtime.getRuntime().halt(70);
        });
        detachFromClient(data);
        service.get().serve();
        return 0;
    }

    /**
     * The client that started this process reads its stderr only until it listens; after that,
     * what the JVM would print goes to a file in the logs folder, so a full pipe never blocks it.
     */
    private static void detachFromClient(Path data) {
        try {
            Path file = data.resolve("logs").resolve("service-stderr.log");
            if (!java.nio.file.Files.exists(file)) java.nio.file.Files.createFile(file, baton.store.OwnerOnly.fileAttributes());
            PrintStream log = new PrintStream(java.nio.file.Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND), true);
            System.setErr(log);
            System.setOut(log);
        } catch (IOException e) {
            System.setErr(new PrintStream(java.io.OutputStream.nullOutputStream()));
        }
    }
}
