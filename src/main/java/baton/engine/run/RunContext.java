package baton.engine.run;

import baton.engine.executor.Executors;
import baton.model.RunId;
import baton.store.RunStore;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** What every coordinator of one Baton process shares, and the limits read once from its environment. */
public record RunContext(RunStore store, Path dataDir, java.nio.file.FileStore dataDisk, String instance, Executors executors, ScheduledExecutorService timers,
                  java.util.concurrent.Executor launchers, Map<String, String> baseEnv, long logCap, long diskReserve) {

    /** How much of a job's output its log keeps unless BATON_LOG_CAP says otherwise: 1 GB. */
    public static final long DEFAULT_LOG_CAP = 1L << 30;

    /** BATON_LOG_CAP: bytes, or with a K, M or G suffix; the default is {@link #DEFAULT_LOG_CAP}. */
    public static long logCapFrom(String v) {
        long cap = Sizes.parse(v, DEFAULT_LOG_CAP);
        return cap > 0 ? cap : DEFAULT_LOG_CAP;
    }

    /** Bytes free for Baton on the disk holding the data directory (statvfs: cheap enough to ask before starting jobs). */
    long usableSpace() {
        if (dataDisk == null) return Long.MAX_VALUE;
        try {
            return dataDisk.getUsableSpace(); // one statvfs; finding the FileStore (the mount table) was done once
        } catch (java.io.IOException e) {
            // cannot tell: let the writes themselves say
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "cannot tell the free space of " + dataDir, e);
            return Long.MAX_VALUE;
        }
    }

    /** The disk that holds {@code dir}, or null when it cannot be told (then no early guard: the writes say). */
    public static java.nio.file.FileStore diskOf(Path dir) {
        try {
            return java.nio.file.Files.getFileStore(dir);
        } catch (java.io.IOException e) {
            System.getLogger("baton.engine").log(System.Logger.Level.INFO, "cannot tell which disk holds " + dir
                    + ": runs will not pause before the disk is full, only when a write fails", e);
            return null;
        }
    }

    /** BATON_DISK_RESERVE: how much free space a run keeps before it starts a job (default 32 MB); read once per engine. */
    public static long diskReserveFrom(Map<String, String> env) {
        String v = env.get("BATON_DISK_RESERVE");
        return Sizes.parse(v != null ? v : System.getProperty("baton.diskReserve"), 32L << 20);
    }

    /**
     * The same context with the environment jobs start from replaced: a run started by a client of
     * the service takes that client's environment, as a job started from its terminal would.
     * Null keeps this process's own.
     */
    public RunContext withBaseEnv(Map<String, String> env) {
        if (env == null) return this;
        return new RunContext(store, dataDir, dataDisk, instance, executors, timers, launchers, Map.copyOf(env), logCap, diskReserve);
    }

    Path runDir(RunId run) {
        return dataDir.resolve("runs").resolve(run.value());
    }

    Path attemptDir(RunId run, String jobId, int attempt) {
        // one folder per attempt, flat under the run: a new directory inode is the costliest
        // thing a small job makes on ext4, so each attempt makes one and no more
        return runDir(run).resolve("attempts").resolve(safeName(jobId) + "." + attempt);
    }

    /** A job id as a folder name: ids may hold '[', ']' and '/' (fan-out items, spawned phases). */
    static String safeName(String jobId) {
        StringBuilder sb = new StringBuilder();
        for (char c : jobId.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') sb.append(c);
            else sb.append('%').append(String.format("%02X", (int) c & 0xff));
        }
        String s = sb.toString();
        s = s.startsWith(".") ? "%2E" + s.substring(1) : s;
        // a file name holds 255 bytes: a long id (nested spawns) keeps its start, readable, and
        // a hash of the whole, so two long ids that share a start still get folders of their own
        return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME - 17) + "~" + sha256(jobId).substring(0, 16);
    }

    /** Room left in a 255-byte name for "." and the attempt number. */
    private static final int MAX_NAME = 200;

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
