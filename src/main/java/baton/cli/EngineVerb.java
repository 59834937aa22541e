package baton.cli;

import baton.engine.Engine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A verb about what the data directory holds (runs, show, logs, retry, resume, cancel, approve,
 * skip): the engine is opened before {@link #execute} and closed after it, and what goes wrong
 * in between is said by {@link VerbErrors}.
 */
abstract class EngineVerb implements Callable<Integer> {
    @Mixin DataDir dataDir;
    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (Engine engine = dataDir.openEngine()) {
            return execute(engine);
        }
    }

    /** The verb's own work on the open engine; its exit code. */
    abstract int execute(Engine engine) throws Exception;
}
