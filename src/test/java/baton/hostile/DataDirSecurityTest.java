package baton.hostile;

import baton.engine.EngineFixture;
import baton.engine.Engine;
import baton.store.JdbcRunStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The data directory and its database are the owner's alone (issue: local security, item 1). */
class DataDirSecurityTest {
    @TempDir Path dir;

    @Test
    void everythingBatonMakesIsOwnerOnly() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            f.run("""
                    pipeline: p
                    phases:
                      - id: a
                        run: echo hello
                    """);
            Path data = dir.resolve("data");
            assertThat(mode(data)).isEqualTo("rwx------");
            List<String> loose = new ArrayList<>();
            try (Stream<Path> all = Files.walk(data)) {
                all.forEach(p -> {
                    String m = mode(p);
                    if (!m.substring(3).equals("------")) loose.add(data.relativize(p) + " " + m);
                });
            }
            assertThat(loose).as("entries readable by group or others").isEmpty();
            assertThat(Files.readString(data.resolve("db.secret")).strip()).hasSizeGreaterThanOrEqualTo(32);
        }
    }

    @Test
    void anOlderDataDirectoryIsTightenedAndItsDatabaseGetsAPasswordWithANote() throws Exception {
        Path data = dir.resolve("old");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createDirectories(data.resolve("runs/r-1/attempts/a.1"));
        Files.writeString(data.resolve("runs/r-1/attempts/a.1/log"), "secret output");
        Files.setPosixFilePermissions(data.resolve("runs/r-1/attempts/a.1/log"), PosixFilePermissions.fromString("rw-r--r--"));
        // a database as Baton 0.1 made it: user sa, no password
        JdbcRunStore.open("jdbc:h2:file:" + data.resolve("baton") + ";WRITE_DELAY=0", "sa", "").close();

        try (Engine e = Engine.open(data)) {
            assertThat(e.takeNotes()).anySatisfy(n -> assertThat(n).contains("readable by other users").contains(data.toString()));
            assertThat(e.runs(10)).isEmpty();
        }
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("runs/r-1/attempts/a.1/log"))).isEqualTo("rw-------");
        // the old empty password no longer opens it; the kept one does, and a second open says nothing new
        assertThat(canConnect("jdbc:h2:file:" + data.resolve("baton"), "")).isFalse();
        try (Engine e = Engine.open(data)) {
            assertThat(e.takeNotes()).isEmpty();
        }
    }

    @Test
    void anotherUserCanNeitherReadTheDataNorConnectToTheDatabase() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root to create a second Unix user");
        String intruder = "baton-intruder";
        if (run(List.of("id", intruder)) != 0) {
            Assumptions.assumeTrue(run(List.of("useradd", "--system", "--no-create-home", "--shell", "/bin/sh", intruder)) == 0,
                    "cannot create the user " + intruder);
        }
        Path data = dir.resolve("data");
        try (Engine e = Engine.open(data)) { // holds the database open: AUTO_SERVER is listening now
            Properties lock = new Properties();
            try (var in = Files.newInputStream(data.resolve("baton.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            assertThat(server).as("the auto-server's address").isNotNull();
            String host = server.substring(0, server.lastIndexOf(':'));
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            assertThat(listenAddressesOf(port)).as("addresses listening on the auto-server's port").containsOnly("127.0.0.1");

            // the other user is given everything but the password: the address and the database key
            Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path shared = Files.createTempDirectory("baton-intruder");
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jar = Files.copy(h2, shared.resolve("h2.jar"));
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            String url = "jdbc:h2:tcp://" + host + ":" + port + "/" + lock.getProperty("id");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

            Result asIntruder = runAs(intruder, List.of(java, "-cp", jar.toString(), "org.h2.tools.Shell", "-url", url,
                    "-user", "sa", "-password", "", "-sql", "SELECT COUNT(*) FROM run"));
            assertThat(asIntruder.code).as(asIntruder.output).isNotZero();
            assertThat(asIntruder.output).containsIgnoringCase("password");
            Result read = runAs(intruder, List.of("cat", data.resolve("baton.mv.db").toString()));
            assertThat(read.code).isNotZero();
            assertThat(read.output).contains("Permission denied");
            Result list = runAs(intruder, List.of("ls", data.toString()));
            assertThat(list.code).isNotZero();

            // the same connection with the password works: the refusals above are the password's doing
            String secret = Files.readString(data.resolve("db.secret")).strip();
            Result owner = runAs(intruder, List.of(java, "-cp", jar.toString(), "org.h2.tools.Shell", "-url", url,
                    "-user", "sa", "-password", secret, "-sql", "SELECT COUNT(*) FROM run"));
            assertThat(owner.code).as(owner.output).isZero();
        }
    }

    private static boolean canConnect(String url, String password) {
        try (var c = java.sql.DriverManager.getConnection(url, "sa", password)) {
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** The local addresses of the TCP sockets listening on {@code port}, from /proc/net/tcp and tcp6. */
    private static List<String> listenAddressesOf(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) continue;
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (!f[3].equals("0A") || Integer.parseInt(local[1], 16) != port) continue; // 0A = LISTEN
                out.add(address(local[0]));
            }
        }
        return out;
    }

    private static String address(String hex) {
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
        }
        if (hex.startsWith("0000000000000000FFFF0000")) return address(hex.substring(24)); // IPv4-mapped
        return hex.equals("00000000000000000000000000000000") ? "::" : hex.equals("00000000000000000000000001000000") ? "::1" : "ipv6:" + hex;
    }

    static boolean isRoot() {
        try {
            return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip());
        } catch (IOException e) {
            return false;
        }
    }

    record Result(int code, String output) {}

    static Result runAs(String user, List<String> cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).directory(Path.of("/").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return "?????????";
        }
    }
}
