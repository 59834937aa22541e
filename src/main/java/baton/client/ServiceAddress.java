package baton.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a data directory's service listens and what it locks. The socket lives in the data
 * directory (0700, so only its owner can reach it) unless that path is too long for a Unix
 * socket (108 bytes on Linux): then in {@code /tmp/baton-<uid>/}, a 0700 folder the service
 * checks is its own, under a name derived from the data directory.
 */
public record ServiceAddress(Path dataDir, Path socket, Path lock) {
    /** sun_path holds 108 bytes with its terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    public static ServiceAddress of(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path socket = dir.resolve("service.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            socket = shortSocketDir().resolve(digest(dir.toString()) + ".sock");
        }
        return new ServiceAddress(dir, socket, dir.resolve("service.lock"));
    }

    /** The folder for sockets whose data directory has too long a path; its owner and mode are checked before use. */
    public static Path shortSocketDir() {
        return Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "baton-" + uid());
    }

    private static String uid() {
        try {
            return String.valueOf(myUid());
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // no /proc or no unix attribute view (not Linux): the user name is unique enough for a folder name
            return System.getProperty("user.name", "user");
        }
    }

    /** This process's uid. */
    public static Object myUid() throws java.io.IOException {
        return java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** The uid owning {@code p} when it is not this process's user; empty when it is ours. */
    public static java.util.Optional<Object> otherOwner(Path p) throws java.io.IOException {
        Object owner = java.nio.file.Files.getAttribute(p, "unix:uid");
        return owner.equals(myUid()) ? java.util.Optional.empty() : java.util.Optional.of(owner);
    }

    private static String digest(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
