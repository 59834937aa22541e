package baton.service;

import baton.client.BatonClient;
import baton.client.RemoteClient;
import baton.client.RunHandle;
import baton.client.ServiceConnector;
import baton.client.StartRequest;
import baton.client.Wire;
import baton.engine.RunEvent;
import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunStatus;
import baton.model.StateChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service in this JVM, reached through its real socket by real clients; jobs are real processes. */
class ServiceTest {
    @TempDir Path dir;
    Path data;
    Service service;

    @BeforeEach
    void openService() throws Exception {
        data = dir.resolve("data");
        service = Service.open(data, Duration.ofMinutes(5)).orElseThrow().serveInBackground();
    }

    @AfterEach
    void closeService() {
        service.close();
    }

    private LoadedPipeline pipeline(String yaml) throws Exception {
        Path f = dir.resolve("p-" + System.nanoTime() + ".baton.yaml");
        Files.writeString(f, yaml);
        return PipelineLoader.load(f);
    }

    private static RunOptions options() {
        return RunOptions.defaults();
    }

    @Test
    void aRunStartedThroughTheSocketStreamsItsEventsAndEnds() throws Exception {
        LoadedPipeline p = pipeline("""
                pipeline: two
                phases:
                  - id: a
                    run: echo a
                  - id: b
                    needs: [a]
                    run: echo b
                """);
        List<RunEvent> heard = Collections.synchronizedList(new ArrayList<>());
        try (BatonClient c = ServiceConnector.connect(data, System.getenv())) {
            RunHandle run = c.start(StartRequest.of(p, options()), heard::addAll).runs().getFirst();
            assertThat(run.await()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(heard).filteredOn(e -> e instanceof RunEvent.JobMoved m && m.to() == JobStatus.SUCCEEDED)
                    .extracting(e -> ((RunEvent.JobMoved) e).jobId()).containsExactly("a", "b");
            assertThat(c.runs(10)).extracting(r -> r.id()).contains(run.id());
            assertThat(c.jobs(run.id())).extracting(JobRecord::status).containsOnly(JobStatus.SUCCEEDED);
            assertThat(c.stateChanges(run.id(), 0)).isNotEmpty();
        }
    }

    @Test
    void garbageAndHugeMessagesAreRefusedAndOnlyThatClientIsDropped() throws Exception {
        try (SocketChannel bad = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            bad.connect(UnixDomainSocketAddress.of(service.address().socket()));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(bad), StandardCharsets.UTF_8));
            Channels.newOutputStream(bad).write("this is not json\n".getBytes(StandardCharsets.UTF_8));
            String reply = in.readLine();
            assertThat(reply).contains("\"kind\":\"bad_request\"").contains("not JSON");
            assertThat(in.readLine()).isNull();
        }
        try (SocketChannel huge = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            huge.connect(UnixDomainSocketAddress.of(service.address().socket()));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(huge), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(huge);
            byte[] mb = new byte[1 << 20];
            java.util.Arrays.fill(mb, (byte) 'x');
            try {
                for (int i = 0; i < 100; i++) out.write(mb);
            } catch (java.io.IOException dropped) {
                // the service closed the connection before the 100 MB were through: what it should do
            }
            String reply = in.readLine();
            assertThat(reply).contains("bad_request").contains("longer than");
        }
        try (RemoteClient good = ServiceConnector.connect(data, System.getenv())) {
            assertThat(good.status().pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aClientOfAnotherVersionIsToldSoInWords() throws Exception {
        try (SocketChannel old = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.connect(UnixDomainSocketAddress.of(service.address().socket()));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(old), StandardCharsets.UTF_8));
            Channels.newOutputStream(old).write("{\"op\":\"hello\",\"protocol\":0,\"version\":\"0.0.1+1\"}\n".getBytes(StandardCharsets.UTF_8));
            var reply = Wire.MAPPER.readTree(in.readLine());
            assertThat(reply.at("/error/kind").asText()).isEqualTo("version");
            assertThat(reply.at("/error/message").asText()).contains("the client is 0.0.1+1");
        }
    }

    @Test
    void aLostForegroundClientCancelsItsRunButADetachedRunGoesOn() throws Exception {
        LoadedPipeline p = pipeline("""
                pipeline: slow
                phases:
                  - id: wait
                    run: sleep 30
                """);
        RunHandle fg, bg;
        RemoteClient first = ServiceConnector.connect(data, System.getenv());
        fg = first.start(StartRequest.of(p, options()), e -> {}).runs().getFirst();
        StartRequest detached = StartRequest.of(p, options());
        detached = new StartRequest(detached.pipeline(), detached.options(), null, detached.limit(), false, true);
        bg = first.start(detached, null).runs().getFirst();
        try (RemoteClient watcher = ServiceConnector.connect(data, System.getenv())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.jobs(fg.id()).getFirst().status() == JobStatus.RUNNING
                    && watcher.jobs(bg.id()).getFirst().status() == JobStatus.RUNNING);
            first.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.run(fg.id()).orElseThrow().status() == RunStatus.CANCELLED);
            assertThat(watcher.run(bg.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(watcher.status().liveRuns()).containsExactly(bg.id());
        }
    }

    @Test
    void maxJobsCapsRunningJobsAcrossRuns() throws Exception {
        LoadedPipeline p = pipeline("""
                pipeline: wide
                concurrency: 3
                phases:
                  - id: w
                    foreach: [1, 2, 3]
                    run: sleep 0.4
                """);
        try (RemoteClient c = ServiceConnector.connect(data, System.getenv())) {
            assertThat(c.configure(Map.of("max_jobs", "2"))).containsEntry("max_jobs", "2");
            RunHandle r1 = c.start(StartRequest.of(p, options()), null).runs().getFirst();
            RunHandle r2 = c.start(StartRequest.of(p, options()), null).runs().getFirst();
            assertThat(r1.await()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r2.await()).isEqualTo(RunStatus.SUCCEEDED);
            List<Instant[]> spans = new ArrayList<>();
            for (RunHandle r : List.of(r1, r2)) spans.addAll(runningSpans(c.stateChanges(r.id(), 0)));
            assertThat(spans).hasSize(6);
            assertThat(mostAtOnce(spans)).isEqualTo(2);
        }
        assertThat(ServiceSettings.read(data).maxJobs()).isEqualTo(2);
    }

    @Test
    void withNoMaxJobsSetARunsConcurrencyAboveTheCoresIsHonoured() throws Exception {
        int wanted = Runtime.getRuntime().availableProcessors() + 2;
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < wanted; i++) items.append(i == 0 ? "" : ", ").append(i);
        LoadedPipeline p = pipeline("""
                pipeline: io
                concurrency: %d
                phases:
                  - id: w
                    foreach: [%s]
                    run: sleep 1
                """.formatted(wanted, items));
        try (RemoteClient c = ServiceConnector.connect(data, System.getenv())) {
            assertThat(c.status().maxJobs()).as("no cap across runs unless one is set").isZero();
            RunHandle r = c.start(StartRequest.of(p, options()), null).runs().getFirst();
            assertThat(r.await()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(mostAtOnce(runningSpans(c.stateChanges(r.id(), 0)))).as("SPEC: concurrency is the jobs running at once").isEqualTo(wanted);
            // a cap set, then taken away again
            assertThat(c.configure(Map.of("max_jobs", "1"))).containsEntry("max_jobs", "1");
            assertThat(c.configure(Map.of("max_jobs", "none"))).containsEntry("max_jobs", "none");
            assertThat(c.status().maxJobs()).isZero();
        }
        assertThat(ServiceSettings.read(data).maxJobs()).isEqualTo(ServiceSettings.NO_CAP);
    }

    private static List<Instant[]> runningSpans(List<StateChange> changes) {
        Map<String, Instant> started = new java.util.HashMap<>();
        List<Instant[]> spans = new ArrayList<>();
        for (StateChange s : changes) {
            if (s.jobId() == null) continue;
            if ("running".equals(s.to())) started.put(s.jobId(), s.at());
            else if (started.containsKey(s.jobId())) spans.add(new Instant[]{started.remove(s.jobId()), s.at()});
        }
        return spans;
    }

    /**
     * The most spans running at one moment. A span's recorded start is its step's clock, which two
     * runs' coordinators read independently: a job can be recorded as started a few ms before the
     * end of the one whose slot it took (the slot was free; the clocks were read in the other
     * order). So overlaps under 50 ms do not count; a broken cap overlaps by whole jobs (400 ms).
     */
    private static int mostAtOnce(List<Instant[]> spans) {
        int most = 0;
        for (Instant[] a : spans) {
            int n = 0;
            for (Instant[] b : spans) if (!b[0].isAfter(a[0]) && b[1].isAfter(a[0].plusMillis(b == a ? 0 : 50))) n++;
            most = Math.max(most, n);
        }
        return most;
    }

    @Test
    void aSecondServiceOfTheSameDataDirectoryLeavesAtOnce() throws Exception {
        assertThat(Service.open(data, Duration.ofMinutes(1))).isEmpty();
    }
}
