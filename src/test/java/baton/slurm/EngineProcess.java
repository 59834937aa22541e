package baton.slurm;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.RunOptions;
import baton.format.PipelineLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Baton process of its own for the crash tests: opens the data directory's engine, starts the
 * pipeline on Slurm, writes the run's id to a file, and waits for the run (or a kill -9). It stands
 * on the engine alone, so it is the one process that owns the run, whatever the CLI does.
 */
public final class EngineProcess {
    private EngineProcess() {}

    public static void main(String[] args) throws Exception {
        Path pipeline = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path idFile = Path.of(args[2]);
        try (Engine engine = Engine.open(data)) {
            LiveRun run = engine.start(PipelineLoader.load(pipeline), RunOptions.defaults().withExecutor("slurm"), List.of());
            Files.writeString(idFile, run.id().value());
            run.done().get();
        }
    }

    static List<String> command(Path pipeline, Path data, Path idFile) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), EngineProcess.class.getName(), pipeline.toString(), data.toString(), idFile.toString());
    }
}
