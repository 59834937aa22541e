package baton.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The database's password: random, made once per data directory, kept in {@code db.secret}
 * (0600 in a 0700 folder). A database made by an older Baton (user sa, empty password) gets
 * one the first time it is opened. The file is written before the database is changed, under a
 * name of its own, so a crash in between leaves a password that still opens it.
 */
final class DatabasePassword {
    static final String FILE = "db.secret";
    private static final String PENDING = "db.secret.new";

    private DatabasePassword() {}

    /** The password of the data directory's database, made (and given to an older database) if it has none; called under {@link DataDirStore}'s set-up lock. */
    static String ensure(Path dataDir, String url) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) return read(file);
            Path pending = dataDir.resolve(PENDING);
            String secret = Files.isRegularFile(pending) && Files.size(pending) > 0 ? read(pending) : newSecret(pending);
            if (Files.exists(dataDir.resolve("baton.mv.db"))) setOn(url, secret);
            Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new StoreException("cannot keep the database password in " + file + ": " + StoreException.oneLine(e));
        }
    }

    private static String read(Path f) throws IOException {
        OwnerOnly.tighten(f);
        return Files.readString(f, StandardCharsets.US_ASCII).strip();
    }

    private static String newSecret(Path pending) throws IOException {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String secret = HexFormat.of().formatHex(b);
        try (var ch = Files.newByteChannel(pending, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes())) {
            ch.write(java.nio.ByteBuffer.wrap(secret.getBytes(StandardCharsets.US_ASCII)));
        }
        return secret;
    }

    /**
     * Gives the database {@code secret} as its password: nothing to do when it already has it (a
     * crash after the change, before the file was renamed); set it when it has none (a database
     * of Baton 0.1). Any other password means db.secret was lost: refused, rather than writing a
     * password that cannot open the database.
     */
    private static void setOn(String url, String secret) {
        if (opens(url, secret)) return;
        try (Connection c = DriverManager.getConnection(url, DataDirStore.USER, "")) {
            try (var st = c.createStatement()) {
                st.execute("ALTER USER SA SET PASSWORD '" + secret.replaceAll("[^0-9a-f]", "") + "'");
            }
        } catch (SQLException e) {
            if (SqlState.INVALID_AUTHORIZATION.equals(e.getSQLState())) {
                throw new StoreException("the database in " + url.replaceFirst("^jdbc:h2:file:", "").replaceFirst(";.*", "")
                        + " has a password, but its file " + FILE + " is missing: restore " + FILE + " from a backup of the data directory"
                        + " (or move the data directory away to start a new one)");
            }
            throw new StoreException("cannot open the database (" + url.replaceFirst(";.*", "") + "): " + StoreException.oneLine(e), e);
        }
    }

    private static boolean opens(String url, String password) {
        try (Connection c = DriverManager.getConnection(url, DataDirStore.USER, password)) {
            return true;
        } catch (SQLException e) {
            return false; // a wrong password, or any other refusal: setOn then says which
        }
    }
}
