package baton.format;

import baton.model.Foreach;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.When;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineLoaderTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private String errorsOf(String name, String text) throws IOException {
        Path p = write(name, text);
        try {
            PipelineLoader.load(p);
        } catch (LoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected " + name + " to be refused");
    }

    @Test
    void readsEveryKeyOfTheSpecExample() throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/cue.schema.json"), "{\"type\":\"object\"}");
        Path p = write("lighting.yaml", """
                pipeline: lighting            # id, required
                title: Stage lighting
                concurrency: 4
                params:
                  venue: main_hall
                input: ["*.txt", "*.fountain"]
                env: { LANG: C.UTF-8 }
                defaults: { timeout: 30m, retries: 0 }
                max_spawn: 10
                phases:
                  - id: parse
                    name: "Phase 1: Parse script"
                    run: ./phases/parse.sh "$BATON_INPUT"
                  - id: emotion
                    needs: [parse]
                    fatal: false
                    run: ./phases/emotion.sh
                  - id: cue
                    needs: [emotion, parse]
                    foreach: { output: parse.scenes }
                    run: ./phases/cue.sh "$BATON_ITEM"
                    contract: schemas/cue.schema.json
                    retries: { max: 2, delay: 1s, backoff: 2.0, max_delay: 30s }
                    timeout: 5m
                    artifacts: ["out/*.json"]
                    lane: cues
                    cwd: work
                    env: { MODE: fast }
                  - id: metrics
                    needs: [{ phase: cue, when: always }]
                    run: ./phases/metrics.sh
                  - id: hardware
                    needs: [cue]
                    optional: true
                    enabled: false
                    confirm: "This phase drives real lighting hardware. Switch it on?"
                    run: ./phases/dmx.sh
                  - id: notify
                    http: { url: "http://localhost:3459/start", method: POST, callback: true, timeout: 2h }
                """);
        LoadedPipeline loaded = PipelineLoader.load(p);
        PipelineDef def = loaded.definition();
        assertThat(loaded.format()).isEqualTo(PipelineFormat.YAML);
        assertThat(def.id()).isEqualTo("lighting");
        assertThat(def.title()).isEqualTo("Stage lighting");
        assertThat(def.concurrency()).isEqualTo(4);
        assertThat(def.params()).containsEntry("venue", "main_hall");
        assertThat(def.input()).containsExactly("*.txt", "*.fountain");
        assertThat(def.env()).containsEntry("LANG", "C.UTF-8");
        assertThat(def.maxSpawn()).isEqualTo(10);
        assertThat(def.baseDir()).isEqualTo(dir.toAbsolutePath().toString());
        PhaseDef parse = def.phase("parse").orElseThrow();
        assertThat(parse.timeout()).isEqualTo(Duration.ofMinutes(30)); // from defaults
        assertThat(def.phase("emotion").orElseThrow().fatal()).isFalse();
        PhaseDef cue = def.phase("cue").orElseThrow();
        assertThat(cue.foreach()).isEqualTo(new Foreach.Output("parse", "scenes"));
        assertThat(cue.retries().max()).isEqualTo(2);
        assertThat(cue.retries().delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(cue.retries().maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cue.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cue.artifacts()).containsExactly("out/*.json");
        assertThat(cue.lane()).isEqualTo("cues");
        assertThat(cue.cwd()).isEqualTo("work");
        assertThat(cue.env()).containsEntry("MODE", "fast");
        assertThat(cue.contract()).isEqualTo("schemas/cue.schema.json");
        assertThat(def.phase("metrics").orElseThrow().needs().getFirst().when()).isEqualTo(When.ALWAYS);
        PhaseDef hw = def.phase("hardware").orElseThrow();
        assertThat(hw.optional()).isTrue();
        assertThat(hw.enabled()).isFalse();
        assertThat(hw.confirm()).startsWith("This phase drives");
        PhaseDef notify = def.phase("notify").orElseThrow();
        assertThat(notify.http().callback()).isTrue();
        assertThat(notify.http().timeout()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void envKeepsTheOrderOfTheFile() throws Exception {
        // what 'baton plan' and the window show is read against the file: in its order, not a hash's
        StringBuilder y = new StringBuilder("pipeline: e\nenv:\n");
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) keys.add("V" + (char) ('Z' - i) + i);
        for (String k : keys) y.append("  ").append(k).append(": x\n");
        y.append("phases:\n  - id: a\n    run: \"true\"\n    env:\n");
        for (String k : keys) y.append("      ").append(k).append(": y\n");
        PipelineDef def = PipelineLoader.load(write("e.baton.yaml", y.toString())).definition();
        assertThat(def.env().keySet()).containsExactlyElementsOf(keys);
        assertThat(def.phase("a").orElseThrow().env().keySet()).containsExactlyElementsOf(keys);
    }

    @Test
    void jsonIsRecognisedByContentWhateverTheName() throws Exception {
        Path p = write("pipeline.txt", """
                {"pipeline": "j", "phases": [{"id": "a", "run": "true"}, {"id": "b", "needs": ["a"], "run": "true", "foreach": ["x", "y"]}]}
                """);
        LoadedPipeline loaded = PipelineLoader.load(p);
        assertThat(loaded.format()).isEqualTo(PipelineFormat.JSON);
        assertThat(loaded.definition().phase("b").orElseThrow().foreach()).isEqualTo(new Foreach.Literal(java.util.List.of("x", "y")));
    }

    @Test
    void unknownNeedIsLocatedWithASuggestion() throws Exception {
        String e = errorsOf("course.yaml", """
                pipeline: course
                phases:
                  - id: baskets
                    run: "true"
                  - id: grammar
                    needs: [baskts]
                    run: "true"
                """);
        assertThat(e).isEqualTo(dir.resolve("course.yaml") + ":6:13: phase 'grammar' needs unknown phase 'baskts' (did you mean 'baskets'?)");
    }

    @Test
    void anUnknownNeedNeverSuggestsThePhaseItself() throws Exception {
        String e = errorsOf("t.yaml", """
                pipeline: t
                phases:
                  - id: T1
                    needs: [T7]
                    run: "true"
                """);
        assertThat(e).endsWith("phase 'T1' needs unknown phase 'T7'");
    }

    @Test
    void unknownKeyGetsADidYouMean() throws Exception {
        String e = errorsOf("p.yaml", """
                pipeline: p
                phases:
                  - id: a
                    rn: "true"
                """);
        assertThat(e).contains("p.yaml:4:5: unknown key 'rn' in phase (did you mean 'run'?)");
    }

    @Test
    void duplicateIdPointsAtTheSecond() throws Exception {
        String e = errorsOf("p.yaml", """
                pipeline: p
                phases:
                  - id: a
                    run: "true"
                  - id: a
                    run: "true"
                """);
        assertThat(e).contains("p.yaml:5:9: duplicate phase id 'a' (first defined at line 3)");
    }

    @Test
    void cycleIsPrintedInOrder() throws Exception {
        String e = errorsOf("p.yaml", """
                pipeline: p
                phases:
                  - id: a
                    needs: [c]
                    run: "true"
                  - id: b
                    needs: [a]
                    run: "true"
                  - id: c
                    needs: [b]
                    run: "true"
                """);
        assertThat(e).contains("p.yaml:7:13: cycle in needs: a -> b -> c -> a");
    }

    @Test
    void badDurationSaysHowToWriteIt() throws Exception {
        String e = errorsOf("p.yaml", """
                pipeline: p
                phases:
                  - id: a
                    run: "true"
                    timeout: 30
                """);
        assertThat(e).contains("p.yaml:5:14: bad duration '30' for 'timeout'").contains("write '30s' for seconds");
        assertThat(errorsOf("q.yaml", "pipeline: p\nphases:\n  - {id: a, run: x, timeout: 5 minutes}\n")).contains("bad duration '5 minutes'");
    }

    @Test
    void badIdIsRefused() throws Exception {
        assertThat(errorsOf("p.yaml", "pipeline: p\nphases:\n  - id: -bad id\n    run: x\n"))
                .contains("p.yaml:3:9: phase id '-bad id' is not valid");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        assertThat(errorsOf("p.yaml", "")).contains("p.yaml:1:1: the file is empty");
        assertThat(errorsOf("q.yaml", "\n# only a comment\n")).contains("q.yaml:1:1: the file is empty");
    }

    @Test
    void syntaxErrorsAreLocated() throws Exception {
        assertThat(errorsOf("p.yaml", "pipeline: p\nphases:\n  - id: a\n    run: [unclosed\n")).matches("(?s).*p\\.yaml:\\d+:\\d+: syntax error: .*");
        assertThat(errorsOf("p.json", "{\"pipeline\": \"p\",, }")).contains("p.json:1:").contains("syntax error");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws Exception {
        String e = errorsOf("p.yaml", """
                pipeline: p
                phases:
                  - id: a
                    run: "true"
                    retries: lots
                  - id: b
                    needs: [zz]
                    run: "true"
                    fatal: maybe
                """);
        assertThat(e.lines()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(e).contains("p.yaml:5:14:").contains("p.yaml:9:12:");
    }

    @Test
    void binaryAndFoldersAndMissingFilesGetOneClearLine() throws Exception {
        Path bin = dir.resolve("x.yaml");
        Files.write(bin, new byte[]{'a', ':', ' ', (byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> PipelineLoader.load(bin)).hasMessageContaining("x.yaml:1:4: not UTF-8 text");
        assertThatThrownBy(() -> PipelineLoader.load(dir)).hasMessageContaining("is a folder");
        assertThatThrownBy(() -> PipelineLoader.load(dir.resolve("nope.yaml"))).hasMessageContaining("nope.yaml:1:1: no such file");
    }

    @Test
    void yamlAliasBombIsRefused() throws Exception {
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) sb.append(i > 0 ? "," : "").append('*').append(prev);
            sb.append("]\n");
        }
        String e = errorsOf("bomb.yaml", sb.toString());
        assertThat(e).contains("bomb.yaml:");
    }

    @Test
    void markdownTaskGraphsAreRecognisedAndExplained() throws Exception {
        assertThat(errorsOf("CASCADE.md", "# Cascade: Nova\n\n### E1: x\n")).contains("CASCADE.md:3:1: task 'E1' has nothing to run");
        assertThat(PipelineLoader.detect("# Roadmap: EduConnect\n")).isEqualTo(PipelineFormat.ROADMAP);
        assertThat(PipelineLoader.detect("# a comment\npipeline: x\n")).isEqualTo(PipelineFormat.YAML);
    }

    @Test
    void foreachOverAnOutputMustNeedThatPhase() throws Exception {
        assertThat(errorsOf("p.yaml", """
                pipeline: p
                phases:
                  - id: parse
                    run: "true"
                  - id: cue
                    foreach: { output: parse.scenes }
                    run: "true"
                """)).contains("loops over an output of 'parse' but does not need it");
    }
}
