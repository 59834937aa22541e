package baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CliTest {
    @TempDir Path dir;
    CliFixture cli;
    Path good;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir.resolve("data"));
        good = Files.writeString(dir.resolve("good.yaml"), """
                pipeline: lighting
                params: { venue: main_hall }
                phases:
                  - id: parse
                    run: echo "venue=$venue" >> "$BATON_OUTPUT"; echo parsing; sleep 0.1; echo warn >&2
                  - id: cue
                    needs: [parse]
                    run: exit 2
                    retries: 1
                  - id: metrics
                    needs: [{ phase: cue, when: always }]
                    run: "true"
                  - id: hardware
                    needs: [cue]
                    optional: true
                    confirm: "This phase drives real lighting hardware. Switch it on?"
                    run: "true"
                """);
    }

    @Test
    void validateAcceptsAGoodFileAndLocatesErrorsInABadOne() throws Exception {
        var ok = cli.baton("validate", good.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("ok: pipeline 'lighting', 4 phases (1 optional)");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "pipeline: x\nphases:\n  - id: a\n    needs: [b]\n    run: x\n");
        var no = cli.baton("validate", bad.toString());
        assertThat(no.code()).isEqualTo(2);
        assertThat(no.err()).isEqualTo(bad + ":4:13: phase 'a' needs unknown phase 'b'\n");
        assertThat(no.out()).isEmpty();
    }

    @Test
    void runPrintsTheSummaryAsJsonWithTheSpecShape() throws Exception {
        var r = cli.baton("run", good.toString(), "--json", "--param", "venue=garden");
        assertThat(r.code()).isEqualTo(1);
        JsonNode s = new ObjectMapper().readTree(r.out());
        List<String> keys = new ArrayList<>();
        s.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("run", "pipeline", "status", "started_at", "ended_at", "jobs");
        assertThat(s.get("run").asText()).matches("r-\\d{8}-\\d{4}");
        assertThat(s.get("pipeline").asText()).isEqualTo("lighting");
        assertThat(s.get("status").asText()).isEqualTo("failed");
        assertThat(s.get("started_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode cue = s.get("jobs").get(1);
        List<String> jobKeys = new ArrayList<>();
        cue.fieldNames().forEachRemaining(jobKeys::add);
        assertThat(jobKeys).containsExactly("id", "phase", "status", "attempts", "exit_code", "started_at", "ended_at", "outputs", "error");
        assertThat(cue.get("id").asText()).isEqualTo("cue");
        assertThat(cue.get("status").asText()).isEqualTo("failed");
        assertThat(cue.get("attempts").asInt()).isEqualTo(2);
        assertThat(cue.get("exit_code").asInt()).isEqualTo(2);
        assertThat(cue.get("error").asText()).isEqualTo("exit code 2");
        assertThat(s.get("jobs").get(0).get("outputs").get("venue").asText()).isEqualTo("garden");
        assertThat(s.get("jobs").get(2).get("status").asText()).isEqualTo("succeeded");
        assertThat(s.get("jobs").get(3).get("status").asText()).isEqualTo("skipped");
        assertThat(r.err()).isEmpty(); // not a terminal: no progress line
    }

    @Test
    void aSucceedingRunExitsZero() throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.json"), "{\"pipeline\":\"ok\",\"phases\":[{\"id\":\"a\",\"run\":\"true\"}]}");
        var r = cli.baton("run", ok.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("SUCCEEDED").contains("a ");
    }

    @Test
    void confirmWithoutYesRefusesWithTheQuestion() {
        var r = cli.baton("run", good.toString(), "--enable", "hardware");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("This phase drives real lighting hardware. Switch it on?").contains("--yes");
        assertThat(cli.baton("runs", "--json").out().strip()).isEqualTo("[ ]");
    }

    @Test
    void runsShowAndLogsReadTheHistory() throws Exception {
        var run = cli.baton("run", good.toString(), "--json");
        String id = new ObjectMapper().readTree(run.out()).get("run").asText();
        var runs = cli.baton("runs");
        assertThat(runs.code()).isZero();
        assertThat(runs.out()).contains(id).contains("lighting").contains("failed").contains(good.toString());
        var show = cli.baton("show", id);
        assertThat(show.out()).contains("cue").contains("exit code 2").contains("hardware=off");
        JsonNode shown = new ObjectMapper().readTree(cli.baton("show", id, "--json").out());
        assertThat(shown.get("jobs").get(1).get("tries")).hasSize(2);

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LogsCommand.rawOut = buf;
        try {
            assertThat(cli.baton("logs", id, "parse").code()).isZero();
            assertThat(buf.toString()).isEqualTo("parsing\nwarn\n");
            buf.reset();
            assertThat(cli.baton("logs", id, "parse", "--stderr").code()).isZero();
            assertThat(buf.toString()).isEqualTo("warn\n");
            buf.reset();
            assertThat(cli.baton("logs", "last", "cue", "--attempt", "1").code()).isZero();
        } finally {
            LogsCommand.rawOut = null;
        }
        var noJob = cli.baton("logs", id, "cu");
        assertThat(noJob.code()).isEqualTo(2);
        assertThat(noJob.err()).contains("has no job 'cu' (did you mean 'cue'?)");
        assertThat(cli.baton("show", "r-20000101-0001").err()).contains("no run r-20000101-0001");
        assertThat(cli.baton("show", "nonsense").code()).isEqualTo(2);
    }

    @Test
    void badUsageGetsOneClearLineAndExitTwo() {
        for (String[] args : List.of(new String[]{"frobnicate"}, new String[]{"run"}, new String[]{"run", "x.yaml", "--nope"},
                new String[]{"run", good.toString(), "--concurrency", "0"}, new String[]{"run", good.toString(), "--param", "zzz=1"},
                new String[]{"run", dir.resolve("missing.yaml").toString()})) {
            var r = cli.baton(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.err().lines().count()).as(String.join(" ", args)).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void anUnwritableDataDirectoryIsOneLineAndExitTwo() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root can write anywhere");
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        var r = new CliFixture(ro.resolve("data")).baton("runs");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("baton: cannot create the data directory");
    }

    @Test
    void aLimitBelowOneIsAUsageErrorSaidBeforeAnyServiceStarts() {
        Path data = dir.resolve("limit-data");
        var r = new CliFixture(data).baton("runs", "--limit", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--limit must be at least 1").doesNotContain("internal error");
        assertThat(data).doesNotExist();
    }

    @Test
    void aDataDirectoryThatIsAFileIsOneLineAndExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("notadir"), "x");
        var r = new CliFixture(file).baton("runs");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("baton: cannot create the data directory").doesNotContain("\tat ");
    }

    @Test
    void aBadFileRunAgainstAnExistingDataDirectoryIsLocatedAndStoresNoRun() throws Exception {
        // the data directory exists, so the verb connects while it reads the file: the file's error still decides
        Path ok = Files.writeString(dir.resolve("ok.yaml"), "pipeline: ok\nphases:\n  - id: a\n    run: \"true\"\n");
        assertThat(cli.baton("run", ok.toString()).code()).isZero();
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "pipeline: x\nphases:\n  - id: a\n    needs: [b]\n    run: x\n");
        var r = cli.baton("run", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(bad + ":4:13: phase 'a' needs unknown phase 'b'\n");
        var runs = cli.baton("runs", "--json");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(runs.out())).hasSize(1);
    }

    @Test
    void aCorruptDatabaseIsOneLineAndExitTwoAndLeftAsItWas() throws Exception {
        Path data = Files.createDirectories(dir.resolve("corrupt"));
        byte[] junk = "this is not an H2 database".repeat(200).getBytes();
        Files.write(data.resolve("baton.mv.db"), junk);
        var r = new CliFixture(data).baton("runs");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("baton: cannot open the database").doesNotContain("\tat ");
        assertThat(Files.readAllBytes(data.resolve("baton.mv.db"))).isEqualTo(junk);
    }

    @Test
    void severalInputsMakeOneRunEachSharingTheLimitAndTheWorstExitCodeWins() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "fine");
        Files.writeString(in.resolve("b.txt"), "bad");
        Files.writeString(in.resolve("ignored.md"), "not matched");
        Path p = Files.writeString(dir.resolve("batch.yaml"), """
                pipeline: batch
                input: ["*.txt"]
                phases:
                  - id: check
                    run: '! grep -q bad "$BATON_INPUT"'
                """);
        var r = cli.baton("run", p.toString(), "--input", in.toString(), "--json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("input").asText()).endsWith("a.txt");
        assertThat(list.get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(list.get(1).get("status").asText()).isEqualTo("failed");
        var one = cli.baton("run", p.toString(), "--input", in.resolve("a.txt").toString());
        assertThat(one.code()).isZero();
        assertThat(cli.baton("run", p.toString(), "--input", dir.resolve("nope").toString()).code()).isEqualTo(2);
    }

    @Test
    void aRoadmapRerunWithResumeSkipsTheGroupsAlreadyDone() throws Exception {
        Path fail = dir.resolve("fail-B");
        Files.createFile(fail);
        Path rm = Files.writeString(dir.resolve("ROADMAP.md"), """
                # Roadmap: Demo
                Worker: `true`
                Gate: `[ ! -e fail-$TASK_GROUP ]`

                ## Phase 1: One
                ### Group A: First
                - A1: a
                ### Group B: Second
                - B1: b
                """);
        assertThat(cli.baton("run", rm.toString()).code()).isEqualTo(1);
        Files.delete(fail);
        var again = cli.baton("run", rm.toString(), "--resume", "--json");
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("skipping what is done: A1, gate-A");
        JsonNode s = new ObjectMapper().readTree(again.out());
        assertThat(s.get("jobs").get(0).get("status").asText()).isEqualTo("skipped");
        assertThat(cli.baton("run", good.toString(), "--resume").err()).contains("--resume applies to roadmaps");
    }

    @Test
    void logsFollowPrintsTheLogAsItGrowsUntilTheJobEnds() throws Exception {
        Path slow = Files.writeString(dir.resolve("slow.yaml"), """
                pipeline: slow
                phases:
                  - id: talk
                    run: for i in 1 2 3 4 5; do echo "tick $i"; sleep 0.2; done
                """);
        try (var engine = baton.engine.Engine.open(dir.resolve("data"))) {
            var live = engine.start(baton.format.PipelineLoader.load(slow), baton.engine.RunOptions.defaults(), List.of());
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            LogsCommand.rawOut = buf;
            try {
                var r = cli.baton("logs", live.id().value(), "talk", "--follow");
                assertThat(r.code()).isZero();
            } finally {
                LogsCommand.rawOut = null;
            }
            assertThat(buf.toString()).isEqualTo("tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n");
            assertThat(live.await()).isEqualTo(baton.model.RunStatus.SUCCEEDED);
        }
    }
}
