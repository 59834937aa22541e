package baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCommandTest {
    @TempDir Path dir;
    Path data;
    CliFixture cli;
    Path chain;

    @BeforeEach
    void setUp() throws Exception {
        data = dir.resolve("data");
        cli = new CliFixture(data);
        chain = Files.writeString(dir.resolve("chain.yaml"), """
                pipeline: chain
                params: { venue: hall }
                phases:
                  - id: a
                    run: echo "n=1" >> "$BATON_OUTPUT"
                  - id: b
                    name: "Step B"
                    needs: [a]
                    foreach: [x, y]
                    run: echo "$BATON_ITEM"
                  - id: c
                    needs: [{ phase: b, when: always }]
                    run: "true"
                  - id: lamp
                    needs: [a]
                    optional: true
                    confirm: "Switch the lamp?"
                    run: ./lamp.sh
                """);
    }

    /** Every file under the data directory with its size and modification time. */
    private Map<String, String> snapshot() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.toList()) files.put(data.relativize(p).toString(), Files.isRegularFile(p)
                    ? Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() : "dir");
        }
        return files;
    }

    @Test
    void planPrintsEveryJobInStartOrderAndCreatesNoDataDirectory() {
        var plan = cli.baton("plan", chain.toString());
        assertThat(plan.code()).isZero();
        assertThat(plan.out().lines().toList()).containsExactly(
                "plan of pipeline 'chain' (" + chain + "): 5 job(s), concurrency " + Runtime.getRuntime().availableProcessors(),
                "every job gets venue=hall",
                "a     no needs  will run  $ echo \"n=1\" >> \"$BATON_OUTPUT\"",
                "b[0] \"Step B\"  needs a  will run  $ echo \"$BATON_ITEM\"  with BATON_ITEM=x BATON_INDEX=0",
                "b[1] \"Step B\"  needs a  will run  $ echo \"$BATON_ITEM\"  with BATON_ITEM=y BATON_INDEX=1",
                "lamp  needs a  switched off: optional and off unless switched on (--enable lamp)  $ ./lamp.sh",
                "c     needs b (always)  will run  $ true");
        assertThat(data).doesNotExist();
        // options that read the history find none, and still make nothing
        var from = cli.baton("plan", chain.toString(), "--from", "b");
        assertThat(from.code()).isEqualTo(2);
        assertThat(from.err()).startsWith("baton: --from b: phase 'a', which it needs, has not succeeded in any earlier run of " + chain);
        assertThat(data).doesNotExist();
    }

    @Test
    void planReadsTheHistoryForFromAndLeavesTheDataDirectoryAsItWas() throws Exception {
        assertThat(cli.baton("run", chain.toString()).code()).isZero();
        String first = cli.baton("runs", "--json").out().replaceAll("(?s).*\"(r-\\d{8}-\\d{4})\".*", "$1");
        Map<String, String> before = snapshot();
        var plan = cli.baton("plan", chain.toString(), "--from", "c", "--json");
        assertThat(plan.code()).isZero();
        assertThat(snapshot()).isEqualTo(before);
        JsonNode j = new ObjectMapper().readTree(plan.out());
        assertThat(j.get("selection").asText()).isEqualTo("--from c");
        JsonNode a = j.get("jobs").get(0);
        assertThat(a.get("state").asText()).isEqualTo("skipped_from");
        assertThat(a.get("outputs_from").asText()).isEqualTo(first);
        var run = cli.baton("run", chain.toString(), "--from", "c", "--json");
        assertThat(run.code()).isZero();
        assertThat(new ObjectMapper().readTree(run.out()).get("jobs").findValuesAsText("status")).containsExactly("skipped", "skipped", "skipped", "succeeded", "skipped");
    }

    @Test
    void planJsonHasTheDocumentedShape() throws Exception {
        var plan = cli.baton("plan", chain.toString(), "--enable", "lamp", "--yes", "--param", "venue=yard", "--json");
        assertThat(plan.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(plan.out());
        assertThat(j.get("pipeline").asText()).isEqualTo("chain");
        assertThat(j.get("file").asText()).isEqualTo(chain.toString());
        assertThat(j.get("input").isNull()).isTrue();
        assertThat(j.get("selection").isNull()).isTrue();
        assertThat(j.get("params").get("venue").asText()).isEqualTo("yard");
        JsonNode b1 = j.get("jobs").get(2);
        assertThat(b1.get("id").asText()).isEqualTo("b[1]");
        assertThat(b1.get("phase").asText()).isEqualTo("b");
        assertThat(b1.get("name").asText()).isEqualTo("Step B");
        assertThat(b1.get("needs").get(0).get("phase").asText()).isEqualTo("a");
        assertThat(b1.get("needs").get(0).get("when").asText()).isEqualTo("success");
        assertThat(b1.get("state").asText()).isEqualTo("will_run");
        assertThat(b1.get("state_text").asText()).isEqualTo("will run");
        assertThat(b1.get("run").asText()).isEqualTo("echo \"$BATON_ITEM\"");
        assertThat(b1.get("env").get("BATON_ITEM").asText()).isEqualTo("y");
        assertThat(b1.get("env").get("venue").asText()).isEqualTo("yard");
        assertThat(b1.get("item").asText()).isEqualTo("y");
        assertThat(b1.get("index").asInt()).isEqualTo(1);
        assertThat(b1.get("cwd").asText()).isEqualTo(dir.toString());
        JsonNode lamp = j.get("jobs").get(3);
        assertThat(lamp.get("state").asText()).isEqualTo("will_run");
        assertThat(lamp.get("reason").asText()).contains("accepted (--yes)");
        assertThat(j.get("jobs").get(4).get("needs").get(0).get("when").asText()).isEqualTo("always");
    }

    @Test
    void planRefusesWhatRunRefusesInTheSameWordsWithExitTwo() {
        for (String[] bad : new String[][]{{"--param", "venu=x"}, {"--enable", "lamp"}, {"--only", "bb"}, {"--from", "a", "--only", "b"},
                {"--concurrency", "0"}}) {
            String[] planArgs = Stream.concat(Stream.of("plan", chain.toString()), Stream.of(bad)).toArray(String[]::new);
            var plan = cli.baton(planArgs);
            assertThat(plan.code()).as(String.join(" ", bad)).isEqualTo(2);
            planArgs[0] = "run";
            var run = cli.baton(planArgs);
            assertThat(run.code()).isEqualTo(2);
            assertThat(plan.err().replace("baton plan", "baton run")).isEqualTo(run.err());
        }
        assertThat(cli.baton("plan", chain.toString(), "--only", "bb").err()).isEqualTo("baton: --only: unknown phase 'bb' (did you mean 'b'?)\n");
        assertThat(cli.baton("plan", chain.toString(), "--resume", "--from", "b").code()).isEqualTo(2);
        assertThat(cli.baton().err()).contains("validate, run, plan, runs");
    }

    @Test
    void runOnlyRunsTheNamedPhasesFromTheCommandLine() throws Exception {
        assertThat(cli.baton("run", chain.toString()).code()).isZero();
        var only = cli.baton("run", chain.toString(), "--only", "b", "--json");
        assertThat(only.code()).isZero();
        JsonNode jobs = new ObjectMapper().readTree(only.out()).get("jobs");
        Map<String, String> status = new TreeMap<>();
        for (JsonNode job : jobs) status.put(job.get("id").asText(), job.get("status").asText());
        assertThat(status).isEqualTo(Map.of("a", "skipped", "b[0]", "succeeded", "b[1]", "succeeded", "c", "skipped", "lamp", "skipped"));
        assertThat(cli.baton("show", "last").out()).contains("not run  a: outputs from r-");
    }
}
