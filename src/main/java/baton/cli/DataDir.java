package baton.cli;

import baton.client.BatonClient;
import baton.client.ServiceConnector;
import baton.engine.DataDirs;
import baton.engine.LogFile;
import baton.model.RunId;
import baton.model.RunRecord;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code --data-dir}, shared by every verb, and the one place a verb reaches what the data
 * directory holds: its service (started when none runs), and the run a person named.
 */
final class DataDir {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default: $BATON_HOME or the platform's data folder)")
    String dataDir;

    @Spec(Spec.Target.MIXEE) CommandSpec verb;

    /** The folder: the option, else $BATON_HOME, else the platform's; an unusable --data-dir is a usage error. */
    Path path() {
        try {
            return DataDirs.resolve(dataDir, env());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(verb.commandLine(), e.getMessage());
        }
    }

    /**
     * Connects to the data directory's service (starting it when none runs), its jobs to start
     * from this terminal's environment, and tells the user, on stderr, what the service found
     * worth saying (runs it recovered, permissions it tightened).
     */
    BatonClient connect() {
        Path dir = path();
        LogFile.useDataDir(dir);
        BatonClient client = ServiceConnector.connect(dir, env());
        PrintWriter err = verb.commandLine().getErr();
        for (String note : client.takeNotes()) err.println("baton: " + note);
        err.flush();
        return client;
    }

    /**
     * Begins {@link #connect()} on a thread of its own when the data directory exists, so that a
     * service this verb has to start comes up while the verb reads its file (as a Bazel client
     * starts its server first). A new data directory waits for {@link Connecting#get}: a file
     * with mistakes must leave nothing behind. A usage error in the folder comes at once.
     */
    Connecting connectSoon() {
        Path dir = path();
        if (!java.nio.file.Files.isDirectory(dir)) return new Connecting(null);
        LogFile.useDataDir(dir);
        java.util.concurrent.CompletableFuture<BatonClient> client = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().daemon().name("baton-connect").start(() -> {
            try {
                client.complete(ServiceConnector.connect(dir, env()));
            } catch (Throwable e) {
                client.completeExceptionally(e);
            }
        });
        return new Connecting(client);
    }

    /** A connection on its way: {@link #get} waits for it; {@link #abandon} closes it when it comes (the verb ended first). */
    final class Connecting {
        private final java.util.concurrent.CompletableFuture<BatonClient> client;

        private Connecting(java.util.concurrent.CompletableFuture<BatonClient> client) {
            this.client = client;
        }

        BatonClient get() throws InterruptedException {
            if (client == null) return connect();
            BatonClient c;
            try {
                c = client.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
            PrintWriter err = verb.commandLine().getErr();
            for (String note : c.takeNotes()) err.println("baton: " + note);
            err.flush();
            return c;
        }

        void abandon() {
            if (client != null) client.whenComplete((c, e) -> {
                if (c != null) c.close();
            });
        }
    }

    /** The environment the command line was given (tests give their own). */
    java.util.Map<String, String> env() {
        return ((BatonCli) verb.root().userObject()).env;
    }

    /** The run a person named: an id, or 'last' (or 'latest') for the newest; anything else is a usage error. */
    RunRecord find(BatonClient client, String name) {
        CommandLine cl = verb.commandLine();
        if ("last".equals(name) || "latest".equals(name)) {
            return client.runs(1).stream().findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(cl, "there are no runs yet"));
        }
        if (!RunId.looksLike(name)) {
            throw new CommandLine.ParameterException(cl, "'" + name + "' is not a run id (they look like r-20261122-0001; see 'baton runs')");
        }
        return client.run(new RunId(name))
                .orElseThrow(() -> new CommandLine.ParameterException(cl, "no run " + name + " in " + path() + " (see 'baton runs')"));
    }
}
