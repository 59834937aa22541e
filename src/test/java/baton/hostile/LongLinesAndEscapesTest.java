package baton.hostile;

import baton.BatonProcess;
import baton.engine.logs.LogReader;
import baton.engine.logs.LogStream;
import baton.engine.logs.LogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue item 8: a long line comes back whole, and a job's escape sequences never reach a terminal unasked. */
class LongLinesAndEscapesTest {
    @TempDir Path dir;

    private static final String JOB = """
            pipeline: loud
            phases:
              - id: talk
                run: |
                  head -c 10000000 /dev/zero | tr '\\0' x; echo
                  printf 'red \\033[31mRED\\033[0m bell \\007 end\\n'
                  echo after
            """;

    /** Runs {@code command} (Baton, or Baton under script) as its own process, at most 120 s; returns its stdout. */
    private byte[] baton(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("stderr").toFile());
        pb.environment().put("BATON_HOME", dir.resolve("data").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertThat(ended).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr"))).isZero();
        return out;
    }

    private void runTheJob() throws Exception {
        Path file = Files.writeString(dir.resolve("loud.yaml"), JOB);
        baton(BatonProcess.command("run", file.toString()));
    }

    @Test
    void aTenMegabyteLineComesBackAsOneLine() throws Exception {
        runTheJob();
        String out = new String(baton(BatonProcess.command("logs", "last", "talk")), StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).hasSize(10_000_000).matches("x+");
        assertThat(lines.getLast()).isEqualTo("after");
    }

    @Test
    void onATerminalControlCharactersAreShownNotObeyedAndRawPrintsThemAsStored() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a terminal");
        runTheJob();
        String shown = onATerminal("logs", "last", "talk");
        assertThat(shown).contains("red \\e[31mRED\\e[0m bell \\x07 end").doesNotContain("\u001b").doesNotContain("\u0007");
        String raw = onATerminal("logs", "last", "talk", "--raw");
        assertThat(raw).contains("red \u001b[31mRED\u001b[0m bell \u0007 end");
        // not a terminal: the bytes as stored, as before
        String piped = new String(baton(BatonProcess.command("logs", "last", "talk")), StandardCharsets.UTF_8);
        assertThat(piped).contains("red \u001b[31mRED\u001b[0m bell \u0007 end");
    }

    /** Baton's stdout on a pseudo-terminal, as a person would see it: script(1) gives it one. */
    private String onATerminal(String... args) throws Exception {
        String command = BatonProcess.command(args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        String out = new String(baton(List.of("/usr/bin/script", "-qec", command, "/dev/null")), StandardCharsets.UTF_8);
        return out.replace("\r\n", "\n");
    }

    @Test
    void aLongLineIsStoredInRecordsJoinedWhenReadAndCutWhereAnotherStreamSpokeInTheMiddle() throws Exception {
        Path log = dir.resolve("log");
        byte[] long1 = "a".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
        try (LogWriter w = new LogWriter(log, 1L << 30)) {
            w.write(LogStream.STDOUT, long1, 0, long1.length);
            w.write(LogStream.STDOUT, "\n".getBytes(), 0, 1);
            // a follower that reads while a long line is still being written gets nothing of it yet
            byte[] part = "b".repeat(150_000).getBytes(StandardCharsets.US_ASCII);
            w.write(LogStream.STDOUT, part, 0, part.length);
            List<String> soFar = new ArrayList<>();
            long resumeAt = LogReader.read(log, 0, line -> soFar.add(new String(line.bytes(), StandardCharsets.US_ASCII)));
            assertThat(soFar).containsExactly("a".repeat(200_000));
            w.write(LogStream.STDERR, "oops\n".getBytes(), 0, 5);
            w.write(LogStream.STDOUT, "tail\n".getBytes(), 0, 5);
            List<String> rest = new ArrayList<>();
            LogReader.read(log, resumeAt, line -> rest.add(line.stream() + ":" + new String(line.bytes(), StandardCharsets.US_ASCII)));
            // stderr spoke in the middle of the long stdout line: a terminal would have shown it there too
            assertThat(rest).containsExactly("STDOUT:" + "b".repeat(150_000), "STDERR:oops", "STDOUT:tail");
        }
        // a reader that starts inside a long line starts at the next whole line
        long next = LogReader.lineStartAtOrAfter(log, 100_000);
        List<String> fromThere = new ArrayList<>();
        LogReader.read(log, next, line -> fromThere.add(new String(line.bytes(), StandardCharsets.US_ASCII)));
        assertThat(fromThere).first().isEqualTo("b".repeat(150_000));
        assertThat(LogReader.lineStartAtOrAfter(log, next)).isEqualTo(next);
    }
}
