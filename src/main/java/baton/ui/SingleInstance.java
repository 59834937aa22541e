package baton.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * One window per data directory. The first window listens on loopback and writes its port and a
 * random token to {@code window.lock} in the data directory; a second start sends it the file to
 * open (with the token) and exits. A lock file left by a dead window is simply replaced.
 */
public final class SingleInstance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("baton.ui");
    private static final String FILE = "window.lock";
    private final ServerSocket server;
    private final Path lock;
    private final String token;

    private SingleInstance(ServerSocket server, Path lock, String token) {
        this.server = server;
        this.lock = lock;
        this.token = token;
    }

    /** Hands {@code file} (may be null: just come to the front) to a running window; true if one took it. */
    public static boolean handOff(Path dataDir, String file) {
        Path lock = dataDir.resolve(FILE);
        try {
            List<String> lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
            if (lines.size() < 2) return false;
            int port = Integer.parseInt(lines.get(0).strip());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setSoTimeout(3000);
                PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), true);
                out.println(lines.get(1).strip());
                out.println(file == null ? "" : Path.of(file).toAbsolutePath().toString());
                String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                return "ok".equals(answer);
            }
        } catch (IOException | RuntimeException e) {
            // no window, or a stale lock: this one becomes the window
            LOG.log(System.Logger.Level.DEBUG, "no window to hand over to: " + e.getMessage());
            return false;
        }
    }

    /** Becomes the window of {@code dataDir}: files handed over arrive at {@code onFile} (on a background thread). */
    public static SingleInstance listen(Path dataDir, Consumer<String> onFile) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        String token = HexFormat.of().formatHex(t);
        Files.createDirectories(dataDir);
        Path lock = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, server.getLocalPort() + "\n" + token + "\n");
        Files.move(tmp, lock, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        SingleInstance si = new SingleInstance(server, lock, token);
        Thread.ofVirtual().name("window-handoff").start(() -> si.serve(onFile));
        return si;
    }

    private void serve(Consumer<String> onFile) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(3000);
                // anyone on this machine can reach a loopback port: read little, and only from one who knows the token
                InputStream in = s.getInputStream();
                String given = boundedLine(in, 64);
                if (!token.equals(given)) {
                    s.getOutputStream().write("refused\n".getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                String file = boundedLine(in, 16 * 1024);
                OutputStream out = s.getOutputStream();
                out.write("ok\n".getBytes(StandardCharsets.UTF_8));
                onFile.accept(file == null ? "" : file);
            } catch (IOException e) {
                // a broken hand-off; the next one may do better
                LOG.log(System.Logger.Level.INFO, "a hand-off from a second window broke off: " + e.getMessage());
            }
        }
    }

    /** One line of at most {@code max} bytes (null past that, or at the end of the stream). */
    private static String boundedLine(InputStream in, int max) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= max) return null;
            line.write(b);
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
            List<String> lines = Files.readAllLines(lock);
            if (lines.size() > 1 && lines.get(1).strip().equals(token)) Files.deleteIfExists(lock);
        } catch (IOException e) {
            // the lock will be found stale and replaced
            LOG.log(System.Logger.Level.DEBUG, "cannot remove " + lock + ": " + e.getMessage());
        }
    }
}
