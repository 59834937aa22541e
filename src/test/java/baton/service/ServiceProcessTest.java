package baton.service;

import baton.client.RemoteClient;
import baton.client.ServiceConnector;
import baton.client.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service as its own process, started the way a client starts it: detached, raced, idle, stopped. */
class ServiceProcessTest {
    @TempDir Path dir;

    private static Map<String, String> env(double idleSeconds) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("BATON_SERVICE_IDLE", Double.toString(idleSeconds));
        return env;
    }

    @Test
    void clientsRacingToStartAServiceEndWithExactlyOne() throws Exception {
        Path data = dir.resolve("data");
        int clients = 4;
        CountDownLatch go = new CountDownLatch(1);
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    try (RemoteClient c = ServiceConnector.connect(data, env(30))) {
                        pids.add(c.hello().pid());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) f.get();
        }
        assertThat(pids).hasSize(1);
        long pid = pids.iterator().next();
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        await().atMost(Duration.ofSeconds(30)).until(() -> servicesOf(data).size() == 1);
        try (RemoteClient c = ServiceConnector.connectIfRunning(data).orElseThrow()) {
            c.stopService(false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(Files.exists(data.resolve("service.sock"))).isFalse();
    }

    @Test
    void aServiceThatCannotStartTellsTheClientWhyInItsOwnWords() throws Exception {
        Path data = Files.createDirectories(dir.resolve("corrupt"));
        Files.write(data.resolve("baton.mv.db"), "this is not an H2 database".repeat(200).getBytes());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceConnector.connect(data, env(30)))
                .isInstanceOf(baton.client.ServiceUnavailable.class)
                .hasMessageStartingWith("cannot open the database");
        assertThat(servicesOf(data)).isEmpty();
    }

    @Test
    void anIdleServiceStopsByItselfAndTheNextClientStartsANewOne() throws Exception {
        Path data = dir.resolve("data");
        long first;
        try (RemoteClient c = ServiceConnector.connect(data, env(1))) {
            ServiceStatus s = c.status();
            first = s.pid();
            assertThat(s.clients()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true));
        try (RemoteClient c = ServiceConnector.connect(data, env(1))) {
            assertThat(c.hello().pid()).isNotEqualTo(first);
        }
    }

    @Test
    void aStaleSocketFileOfAKilledServiceIsNoObstacle() throws Exception {
        Path data = dir.resolve("data");
        long pid;
        try (RemoteClient c = ServiceConnector.connect(data, env(30))) {
            pid = c.hello().pid();
        }
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(Files.exists(data.resolve("service.sock"))).as("kill -9 leaves the socket file").isTrue();
        try (RemoteClient c = ServiceConnector.connect(data, env(1))) {
            assertThat(c.hello().pid()).isNotEqualTo(pid);
        }
    }

    /** The service processes of {@code data}, found by their command line in /proc. */
    static List<Long> servicesOf(Path data) throws java.io.IOException {
        String dataDir = data.toAbsolutePath().normalize().toString();
        List<Long> found = new java.util.ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    List<String> args = List.of(new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0"));
                    int i = args.indexOf("--data-dir");
                    if (args.contains("service") && args.contains("run") && i >= 0 && i + 1 < args.size() && args.get(i + 1).equals(dataDir)) {
                        found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (java.io.IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
