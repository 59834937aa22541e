package baton.engine;

import baton.store.OwnerOnly;

import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Baton's own log: what went wrong that a person did not see (a listener that threw, a sweep that
 * failed, a stalled run), one line each with its cause, in a rolling file of the data directory
 * ({@code logs/baton-0.log}, three files of 2 MB). Code logs through {@link System.Logger}; this
 * routes it (java.util.logging underneath) to the file, and never to the terminal, whose stderr
 * belongs to the run's own messages.
 */
public final class LogFile {
    private static final int LIMIT = 2 << 20, COUNT = 3;
    private static volatile Path current;

    private LogFile() {}

    /** Sends the process's log to {@code dataDir}/logs; quietly keeps the default when that cannot be written. */
    public static synchronized void useDataDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().resolve("logs");
        if (dir.equals(current == null ? null : current.getParent())) return;
        try {
            OwnerOnly.createDirectories(dir);
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
            FileHandler file = new FileHandler(dir.resolve("baton-%g.log").toString(), LIMIT, COUNT, true);
            file.setFormatter(new SimpleFormatter());
            file.setLevel(Level.INFO);
            Logger root = LogManager.getLogManager().getLogger("");
            for (Handler h : root.getHandlers()) {
                root.removeHandler(h);
                h.close();
            }
            root.addHandler(file);
            root.setLevel(Level.INFO);
            current = dir.resolve("baton-0.log");
            // FileHandler makes its files with the process's umask: ours alone, as everything in the data directory
            // (a second process writes baton-0.log.1 and its lock; a rotation made baton-1.log)
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path f : files.toList()) if (java.nio.file.Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) OwnerOnly.tighten(f);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a read-only or full data directory: the run still works, and says its own problems on stderr
            System.err.println("baton: cannot write the log file in " + dir + ": " + e.getMessage());
        }
    }

    /** The file the log goes to, for messages that ask a person to look there; null before {@link #useDataDir}. */
    public static Path path() {
        return current;
    }
}
