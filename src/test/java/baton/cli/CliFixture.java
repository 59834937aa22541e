package baton.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line in this JVM, as a user would type it, with a private data directory. */
final class CliFixture {
    record Outcome(int code, String out, String err) {}

    private final Path dataDir;

    CliFixture(Path dataDir) {
        this.dataDir = dataDir;
    }

    Outcome baton(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("BATON_HOME", dataDir.toString());
        int code = BatonCli.execute(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Outcome(code, out.toString(), err.toString());
    }
}
