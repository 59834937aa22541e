package baton.engine;

import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import baton.model.StateChange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A real engine on a real H2 file in a temp folder, running real processes. */
public final class EngineFixture implements AutoCloseable {
    public final Path dir;
    public final Engine engine;

    public EngineFixture(Path dir) {
        this.dir = dir;
        this.engine = Engine.open(dir.resolve("data"));
    }

    public LoadedPipeline load(String yaml) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return PipelineLoader.load(file);
    }

    public Result run(String yaml) throws Exception {
        return run(yaml, RunOptions.defaults());
    }

    public Result run(String yaml, RunOptions options) throws Exception {
        LiveRun live = start(yaml, options);
        return finish(live);
    }

    public LiveRun start(String yaml, RunOptions options) throws Exception {
        return engine.start(load(yaml), options, List.of());
    }

    public Result finish(LiveRun live) throws Exception {
        RunStatus status = live.done().get(60, TimeUnit.SECONDS);
        return result(live.id(), status);
    }

    public Result result(RunId id, RunStatus status) {
        Map<String, JobRecord> jobs = new LinkedHashMap<>();
        for (JobRecord j : engine.jobs(id)) jobs.put(j.id(), j);
        return new Result(id, status, engine.run(id).orElseThrow(), jobs, engine.attempts(id), engine.stateChanges(id, 0));
    }

    public static RunOptions options(Map<String, String> params, Set<String> enable, Set<String> disable, boolean yes) {
        return new RunOptions(params, enable, disable, null, null, yes, "test");
    }

    /**
     * The watchdog of every engine test: a run the test started must have ended (or end within
     * 30 s) by the time the test is over. A run that waits forever fails the test that made it.
     */
    @Override
    public void close() {
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!engine.liveRuns().isEmpty() && System.nanoTime() < until) Thread.sleep(50);
            List<LiveRun> stuck = engine.liveRuns();
            if (!stuck.isEmpty()) {
                stuck.forEach(LiveRun::cancel);
                throw new AssertionError("runs that never ended: " + stuck.stream().map(r -> r.id().value()).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            engine.close();
        }
    }

    public record Result(RunId id, RunStatus status, RunRecord run, Map<String, JobRecord> jobs, List<AttemptRecord> attempts,
                         List<StateChange> history) {
        public JobRecord job(String id) {
            JobRecord j = jobs.get(id);
            if (j == null) throw new AssertionError("no job " + id + " in " + jobs.keySet());
            return j;
        }

        public List<AttemptRecord> attemptsOf(String jobId) {
            return attempts.stream().filter(a -> a.jobId().equals(jobId)).toList();
        }

        public List<String> movesOf(String jobId) {
            return history.stream().filter(c -> jobId.equals(c.jobId())).map(StateChange::to).toList();
        }
    }
}
