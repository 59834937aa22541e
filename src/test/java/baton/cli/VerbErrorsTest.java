package baton.cli;

import baton.engine.LogFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** What a verb's failure says: the expected ones in their own words, anything else as an internal error that names the log. */
class VerbErrorsTest {
    @TempDir Path dir;

    /** A verb with a bug, as every verb is wired: --data-dir, and the handler {@link BatonCli#execute} installs. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Mixin DataDir dataDir;

        @Override
        public Integer call() {
            throw new IllegalStateException("a bug in a verb");
        }
    }

    @Test
    void anInternalErrorNamesTheLogFileThatHoldsItsCause() throws Exception {
        String[] args = {"boom", "--data-dir", dir.resolve("data").toString()};
        CommandLine cl = BatonCli.commandLine(Map.of()).addSubcommand("boom", new Boom());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(new VerbErrors(args));

        int code = cl.execute(args);

        Path log = dir.resolve("data").resolve("logs").resolve("baton-0.log");
        assertThat(code).isEqualTo(BatonCli.USAGE);
        assertThat(LogFile.path()).isEqualTo(log);
        assertThat(err.toString()).isEqualTo("baton: internal error: java.lang.IllegalStateException: a bug in a verb (details in "
                + log + "); please report it" + System.lineSeparator());
        assertThat(Files.readString(log)).contains("internal error in 'baton boom --data-dir", "a bug in a verb", "at baton.cli.VerbErrorsTest$Boom.call");
    }

    @Test
    void noVerbNamesEveryVerb() {
        var r = new CliFixture(dir.resolve("data")).baton();
        assertThat(r.code()).isEqualTo(BatonCli.USAGE);
        assertThat(r.err()).startsWith("baton: name a verb: validate, run, plan, runs, show, logs, retry, resume, cancel, approve, skip,"
                + " service, examples or completion");
    }
}
