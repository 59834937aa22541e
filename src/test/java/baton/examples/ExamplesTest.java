package baton.examples;

import baton.engine.EngineFixture;
import baton.engine.RunOptions;
import baton.format.PipelineLoader;
import baton.model.JobStatus;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The examples the README points at load and run as they ship. */
class ExamplesTest {
    @TempDir Path dir;

    @Test
    void everyExamplePipelineValidates() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("examples"))) {
            List<Path> pipelines = files.filter(p -> p.toString().endsWith(".baton.yaml")).toList();
            assertThat(pipelines).isNotEmpty();
            for (Path p : pipelines) assertThat(PipelineLoader.load(p).definition().phases()).as(p.toString()).isNotEmpty();
        }
    }

    @Test
    void theCourseRunsWithBasketsAndIntroInParallelAndARetry() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            var live = f.engine.start(PipelineLoader.load(Path.of("examples/course/course.baton.yaml")),
                    new RunOptions(Map.of("fail_once", "baskets"), Set.of(), Set.of(), null, null, false, "test"), List.of());
            var r = f.finish(live);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.job("baskets").attempts()).isEqualTo(2);
            assertThat(r.job("audio").status()).isEqualTo(JobStatus.SKIPPED);
            var intro = r.attemptsOf("intro").getFirst();
            var baskets = r.attemptsOf("baskets").getLast();
            assertThat(intro.startedAt()).isBefore(baskets.endedAt()); // in parallel
            assertThat(baskets.startedAt()).isBefore(intro.endedAt());
        }
    }

    @Test
    void theCourseRunsThroughTwoPhaseServers() throws Exception {
        assumeTrue(onPath("python3"), "python3 runs the example's phase servers");
        Path servers = Path.of("examples/phase-servers").toAbsolutePath();
        Process baskets = new ProcessBuilder("python3", servers.resolve("phase_server.py").toString(), "--port", "3459", "--name", "baskets",
                "--seconds", "0.3", "--fail-first").redirectErrorStream(true).redirectOutput(dir.resolve("baskets.out").toFile()).start();
        Process intro = new ProcessBuilder("python3", servers.resolve("phase_server.py").toString(), "--port", "3460", "--name", "intro",
                "--seconds", "0.2").redirectErrorStream(true).redirectOutput(dir.resolve("intro.out").toFile()).start();
        try (EngineFixture f = new EngineFixture(dir)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> listening(3459) && listening(3460));
            var r = f.finish(f.engine.start(PipelineLoader.load(servers.resolve("course-http.baton.yaml")), RunOptions.defaults(), List.of()));
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.job("baskets").attempts()).isEqualTo(2); // the server failed the first attempt; Baton retried
            assertThat(r.job("intro").metrics()).containsKey("items");
        } finally {
            baskets.destroy();
            intro.destroy();
        }
    }

    private static boolean listening(int port) {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, program))) return true;
        return false;
    }
}
