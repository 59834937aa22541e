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
            // what a job writes for Baton is made with the job's umask (022: readable by all); Baton keeps it owner-only
            var r = f.run("""
                    pipeline: p
                    phases:
                      - id: a
                        run: |
                          umask 022
                          echo hello
                          echo k=v >> "$BATON_OUTPUT"
                          echo m=1 >> "$BATON_METRICS"
                          echo '{"ok": true}' > "$BATON_RESULT"
                          echo '{"id": "b", "run": "umask 022; echo x=y >> \\"$BATON_OUTPUT\\""}' >> "$BATON_SPAWN"
                    """);
            assertThat(r.job("a/b").outputs()).containsEntry("x", "y");
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
    void anotherUserCanNeitherReadTheDataNorTalkToTheService() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root to create a second Unix user");
        String intruder = "baton-intruder";
        if (run(List.of("id", intruder)) != 0) {
            Assumptions.assumeTrue(run(List.of("useradd", "--system", "--no-create-home", "--shell", "/bin/sh", intruder)) == 0,
                    "cannot create the user " + intruder);
        }
        Path data = dir.resolve("data");
        try (baton.service.Service service = baton.service.Service.open(data, java.time.Duration.ofMinutes(5)).orElseThrow().serveInBackground()) {
            // the database is served to nobody: no H2 server, no TCP port in its lock file
            Path h2Lock = data.resolve("baton.lock.db");
            if (Files.exists(h2Lock)) {
                Properties lock = new Properties();
                try (var in = Files.newInputStream(h2Lock)) {
                    lock.load(in);
                }
                assertThat(lock.getProperty("server")).as("an H2 server's address").isNull();
            }

            // the service's socket: the other user is given a program that connects to it
            Path socket = baton.client.ServiceAddress.of(data).socket();
            assertThat(java.nio.file.Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Path shared = Files.createTempDirectory("baton-intruder");
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path connect = Files.writeString(shared.resolve("Connect.java"), """
                    import java.net.*; import java.nio.channels.*;
                    public class Connect { public static void main(String[] a) throws Exception {
                        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                            c.connect(UnixDomainSocketAddress.of(a[0])); System.out.println("connected"); } } }
                    """);
            Files.setPosixFilePermissions(connect, PosixFilePermissions.fromString("rw-r--r--"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Result asIntruder = runAs(intruder, List.of(java, connect.toString(), socket.toString()));
            assertThat(asIntruder.code).as(asIntruder.output).isNotZero();
            assertThat(asIntruder.output).doesNotContain("connected").containsIgnoringCase("denied");
            Result read = runAs(intruder, List.of("cat", data.resolve("baton.mv.db").toString()));
            assertThat(read.code).isNotZero();
            assertThat(read.output).contains("Permission denied");
            Result list = runAs(intruder, List.of("ls", data.toString()));
            assertThat(list.code).isNotZero();

            // the same program as the owner connects: the refusal above is the permissions' doing
            Process owner = new ProcessBuilder(java, connect.toString(), socket.toString()).redirectErrorStream(true).start();
            String said = new String(owner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(owner.waitFor()).as(said).isZero();
            assertThat(said).contains("connected");
        }
    }

    private static boolean canConnect(String url, String password) {
        try (var c = java.sql.DriverManager.getConnection(url, "sa", password)) {
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
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
