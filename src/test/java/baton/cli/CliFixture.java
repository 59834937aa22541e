package baton.cli;

import baton.client.ServiceConnector;
import baton.service.Service;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the command line in this JVM, as a user would type it, with a private data directory.
 * A service the command needs is started in this JVM too (a real one, reached through its real
 * socket; a JVM per test would only make the suite slower), and stops by itself once idle.
 */
final class CliFixture {
    record Outcome(int code, String out, String err) {}

    /** How long a fixture's service waits, with no client and no run, before it stops. */
    static final Duration IDLE = Duration.ofSeconds(3);

    private final Path dataDir;

    CliFixture(Path dataDir) {
        this.dataDir = dataDir;
    }

    Outcome baton(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("BATON_HOME", dataDir.toString());
        ServiceConnector.useStarter(Service.inThisJvm(IDLE));
        try {
            int code = BatonCli.execute(args, new PrintWriter(out), new PrintWriter(err), env);
            return new Outcome(code, out.toString(), err.toString());
        } finally {
            ServiceConnector.useStarter(null);
        }
    }
}
