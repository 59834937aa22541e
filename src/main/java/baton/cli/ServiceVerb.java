package baton.cli;

import baton.client.BatonClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A verb about what the data directory holds (runs, show, logs, retry, resume, cancel, approve,
 * skip): a client of the data directory's service, connected (the service started when none
 * runs) before {@link #execute} and closed after it; what goes wrong in between is said by
 * {@link VerbErrors}.
 */
abstract class ServiceVerb implements Callable<Integer> {
    @Mixin DataDir dataDir;
    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        checkOptions();
        try (BatonClient client = dataDir.connect()) {
            return execute(client);
        }
    }

    /** Mistakes visible in the options alone, said (exit 2) before any service is reached or started. */
    void checkOptions() {}

    /** The verb's own work through the connected client; its exit code. */
    abstract int execute(BatonClient client) throws Exception;
}
