package baton.engine;

import baton.format.LoadException;
import baton.format.PipelineLoader;
import baton.model.JobStatus;
import baton.model.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataflowTest extends EngineTestBase {

    @Test
    void downstreamJobsSeeTheOutputsAndArtifactsOfEveryJobUpstream() throws Exception {
        var r = f.run("""
                pipeline: flow
                phases:
                  - id: parse
                    run: echo 'scenes=["a","b"]' >> "$BATON_OUTPUT"; echo "title=Hamlet" >> "$BATON_OUTPUT"
                  - id: cue
                    needs: [parse]
                    foreach: { output: parse.scenes }
                    artifacts: ["cues/${BATON_ITEM}.txt"]
                    run: mkdir -p cues; echo "cue $BATON_ITEM" > "cues/$BATON_ITEM.txt"; echo "n=$BATON_INDEX" >> "$BATON_OUTPUT"
                  - id: report
                    needs: [cue]
                    run: cp "$BATON_UPSTREAM" "$BATON_RUN_DIR/upstream.json"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode up = new ObjectMapper().readTree(f.engine.dataDir().resolve("runs").resolve(r.id().value()).resolve("upstream.json").toFile());
        assertThat(up.get("parse").get("title").asText()).isEqualTo("Hamlet"); // transitive, by phase id
        assertThat(up.get("cue[1]").get("n").asText()).isEqualTo("1");
        JsonNode art = up.get("cue[0]").get("artifacts").get(0);
        Path cueFile = Path.of(art.get("path").asText());
        assertThat(Files.readString(cueFile)).isEqualTo("cue a\n");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(cueFile)));
        assertThat(art.get("sha256").asText()).isEqualTo(sha);
        assertThat(r.job("cue[0]").artifacts()).extracting(a -> a.path()).containsExactly("cues/a.txt");
        assertThat(r.job("cue[0]").artifacts().getFirst().size()).isEqualTo(6);
    }

    @Test
    void metricsAreStoredPerJobAndMalformedLinesBecomeWarnings() throws Exception {
        var r = f.run("""
                pipeline: metrics
                phases:
                  - id: a
                    run: printf 'input_tokens=1200\\ncost=0.5\\nbroken line\\nratio=abc\\n' >> "$BATON_METRICS"; printf 'ok=1\\n=nokey\\n' >> "$BATON_OUTPUT"
                  - id: b
                    run: echo "input_tokens=300" >> "$BATON_METRICS"
                """);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.job("a").metrics()).containsEntry("input_tokens", 1200.0).containsEntry("cost", 0.5).doesNotContainKey("ratio");
        assertThat(r.job("a").outputs()).containsEntry("ok", "1");
        assertThat(r.job("a").warnings()).containsExactly(
                "attempt 1: BATON_OUTPUT line 2: expected key=value, got '=nokey'",
                "attempt 1: BATON_METRICS line 3: expected name=number, got 'broken line'",
                "attempt 1: BATON_METRICS line 4: 'abc' is not a number");
        assertThat(r.job("b").metrics()).containsEntry("input_tokens", 300.0);
    }

    @Test
    void aResultThatBreaksItsContractFailsTheJobNamingThePointerAndTheRule() throws Exception {
        Files.writeString(dir.resolve("cue.schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["groups"],
                 "properties": {"groups": {"type": "array", "items": {"type": "object",
                   "properties": {"intensity": {"type": "number", "maximum": 1}}}}}}
                """);
        var r = f.run("""
                pipeline: contract
                phases:
                  - id: good
                    contract: cue.schema.json
                    run: echo '{"groups":[{"intensity":0.5}]}' > "$BATON_RESULT"
                  - id: bad
                    contract: cue.schema.json
                    run: echo '{"groups":[{"intensity":0.5},{"intensity":1.4}]}' > "$BATON_RESULT"
                  - id: missing
                    contract: cue.schema.json
                    run: "true"
                """);
        assertThat(r.job("good").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.job("bad").status()).isEqualTo(JobStatus.FAILED);
        assertThat(r.job("bad").exitCode()).isZero();
        assertThat(r.job("bad").error()).contains("/groups/1/intensity").contains("maximum").contains("(it is 1.4)");
        assertThat(r.job("missing").error()).contains("no result.json");
    }

    @Test
    void anInvalidSchemaIsALoadErrorWithItsPath() throws Exception {
        Files.writeString(dir.resolve("broken.schema.json"), "{ \"type\": ");
        Path p = Files.writeString(dir.resolve("p.yaml"), "pipeline: p\nphases:\n  - id: a\n    contract: broken.schema.json\n    run: \"true\"\n");
        assertThatThrownBy(() -> PipelineLoader.load(p)).isInstanceOf(LoadException.class)
                .hasMessageContaining("p.yaml:3:9:").hasMessageContaining("broken.schema.json is not a usable JSON Schema");
    }

    @Test
    void nonUtf8OutputIsStoredWithoutLossInTheLog() throws Exception {
        var r = f.run("pipeline: bytes\nphases:\n  - id: a\n    run: printf 'caf\\351\\n'\n");
        byte[] log = Files.readAllBytes(Path.of(r.attemptsOf("a").getFirst().logPath()));
        assertThat(log).containsExactly('o', ' ', 'c', 'a', 'f', (byte) 0xE9, '\n');
        assertThat(new String(log, StandardCharsets.ISO_8859_1)).isEqualTo("o caf\u00e9\n");
    }
}
