package baton.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * The store of a data directory: an H2 file, {@code baton.mv.db}, shared by every Baton process
 * on that directory, with the directory's protection (owner-only modes, the password in
 * {@code db.secret}; docs/security.md). The one place its JDBC URLs are made.
 */
public final class DataDirStore {
    static final String USER = "sa";
    /** Held while a process opens the database: its password made, its schema brought up to date (named when it guarded only the password). */
    static final String SET_UP_LOCK = "db.secret.lock";

    /** The stores open in this process, by data directory: every open of one directory shares one (its journal is one file). */
    private static final java.util.Map<Path, JournaledRunStore> OPEN = new java.util.HashMap<>();

    private DataDirStore() {}

    /** An opened store, and how many entries of the directory had to be taken out of other users' reach (an older Baton left them readable). */
    public record Opened(RunStore store, int tightened) {}

    /**
     * Opens (and creates or upgrades) the database in {@code dataDir}, for this process alone: the
     * data directory's service is the one process that opens it (decision 0012), so H2 serves it to
     * nobody (no AUTO_SERVER, no TCP port). Its password is kept in an owner-only file of the
     * owner-only data directory.
     */
    public static Opened open(Path dataDir) {
        int tightened;
        try {
            tightened = OwnerOnly.secure(dataDir);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot create the data directory " + dataDir + ": " + StoreException.oneLine(e));
        }
        if (!Files.isWritable(dataDir)) {
            throw new StoreException("the data directory " + dataDir + " is not writable: choose another with --data-dir or fix its permissions");
        }
        String url = url(dataDir);
        RunStore store;
        // two Baton processes opening a data directory at once: one makes the password and brings
        // the schema up to date (a baseline, a migration: DDL that H2 does not isolate), the other
        // waits and finds it done. Within one process, FileChannel locks do not wait for each other.
        synchronized (DataDirStore.class) {
            Path key = dataDir.toAbsolutePath().normalize();
            JournaledRunStore shared = OPEN.get(key);
            if (shared != null) {
                shared.share();
                return new Opened(shared, tightened);
            }
            try (var lockFile = FileChannel.open(dataDir.resolve(SET_UP_LOCK), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    OwnerOnly.fileAttributes());
                 var lock = lockFile.lock()) {
                JdbcRunStore db = JdbcRunStore.open(url, USER, DatabasePassword.ensure(dataDir, url));
                JournaledRunStore opened;
                try {
                    opened = JournaledRunStore.open(dataDir, db, closed -> release(key, closed));
                } catch (RuntimeException e) {
                    db.close();
                    throw e;
                }
                OPEN.put(key, opened);
                store = opened;
            } catch (IOException e) {
                throw new StoreException("cannot open the database in " + dataDir + ": " + StoreException.oneLine(e));
            }
        }
        for (String name : List.of("baton.mv.db", "baton.lock.db", "baton.trace.db", Journal.FILE)) {
            try {
                Path f = dataDir.resolve(name);
                if (Files.exists(f)) OwnerOnly.tighten(f);
            } catch (IOException e) {
                // the data directory itself is 0700: a file we could not tighten is still out of others' reach
                System.getLogger("baton.store").log(System.Logger.Level.INFO, "cannot tighten " + name + ": " + e.getMessage());
            }
        }
        return new Opened(store, tightened);
    }

    /** A user closed its store: the last one shuts it down, before another open of the directory can begin. */
    private static void release(Path key, JournaledRunStore store) {
        synchronized (DataDirStore.class) {
            if (!store.unshare()) return;
            try {
                store.shutDown();
            } finally {
                OPEN.remove(key, store);
            }
        }
    }

    /**
     * The data directory's database URL: the file, for one process ({@code -Dbaton.writeDelay} is
     * H2's WRITE_DELAY in ms; 0: each commit is written before it returns, decision 0003).
     */
    static String url(Path dataDir) {
        return file(dataDir) + ";WRITE_DELAY=" + Integer.getInteger("baton.writeDelay", 0);
    }

    private static String file(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("baton");
    }
}
