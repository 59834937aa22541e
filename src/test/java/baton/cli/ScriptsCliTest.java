package baton.cli;

import baton.format.PipelineLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Scripts and folders of scripts run from the command line like any pipeline: run, retry, plan --yaml. */
class ScriptsCliTest {
    @TempDir Path dir;

    private Path script(Path in, String name, String text) throws Exception {
        Path p = Files.writeString(in.resolve(name), text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void aFolderRunsInNumberOrderAndSaysWhatItLeftOut() throws Exception {
        Path f = Files.createDirectories(dir.resolve("phases"));
        script(f, "10-first.sh", "#!/bin/sh\nsleep 0.2; echo first >> order\n");
        script(f, "20-a.sh", "#!/bin/sh\nsleep 0.2; echo second >> order\n");
        script(f, "20-b.sh", "#!/bin/sh\nsleep 0.2; echo second >> order\n");
        script(f, "30-last.sh", "#!/bin/sh\necho last >> order\n");
        script(f, "tool.sh", "#!/bin/sh\necho never >> order\n");
        var r = new CliFixture(dir.resolve("data")).baton("run", f.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("left out tool.sh");
        assertThat(Files.readAllLines(f.resolve("order"))).containsExactly("first", "second", "second", "last");
        JsonNode s = new ObjectMapper().readTree(r.out());
        Instant aStart = Instant.parse(s.get("jobs").get(1).get("started_at").asText());
        Instant bStart = Instant.parse(s.get("jobs").get(2).get("started_at").asText());
        Instant firstEnd = Instant.parse(s.get("jobs").get(0).get("ended_at").asText());
        assertThat(aStart).isAfterOrEqualTo(firstEnd);
        assertThat(Math.abs(java.time.Duration.between(aStart, bStart).toMillis())).as("20-a and 20-b run side by side").isLessThan(180);
    }

    @Test
    void aFailedScriptIsRetriedInTheSameRunAfterItIsFixed() throws Exception {
        Path p = script(dir, "flaky.sh", "#!/bin/sh\n[ -e fixed ] || exit 1\necho ok\n");
        var cli = new CliFixture(dir.resolve("data"));
        var first = cli.baton("run", p.toString(), "--json");
        assertThat(first.code()).isEqualTo(1);
        String run = new ObjectMapper().readTree(first.out()).get("run").asText();
        Files.writeString(dir.resolve("fixed"), "");
        var retry = cli.baton("retry", run);
        assertThat(retry.code()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("SUCCEEDED");
    }

    @Test
    void planYamlWritesTheEquivalentPipelineWhichValidates() throws Exception {
        Path f = Files.createDirectories(dir.resolve("site"));
        script(f, "10-build.sh", "#!/bin/sh\n# baton: timeout=5m param target=prod\necho build\n");
        script(f, "20-deploy.sh", "#!/bin/sh\n# baton: optional confirm=\"Deploy for real?\"\necho deploy\n");
        var r = new CliFixture(dir.resolve("data")).baton("plan", "--yaml", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path yaml = Files.writeString(f.resolve("site.baton.yaml"), r.out());
        var def = PipelineLoader.load(yaml).definition();
        assertThat(def.params()).containsEntry("target", "prod");
        assertThat(def.phase("20-deploy").orElseThrow().confirm()).isEqualTo("Deploy for real?");
        assertThat(def.phase("20-deploy").orElseThrow().needs()).extracting(n -> n.phase()).containsExactly("10-build");
        assertThat(new CliFixture(dir.resolve("data")).baton("validate", yaml.toString()).code()).isZero();
        assertThat(Files.exists(dir.resolve("data"))).as("plan writes nothing in the data directory").isFalse();
    }

    @Test
    void aScriptWithABadDirectiveStartsNothingAndStoresNothing() throws Exception {
        Path p = script(dir, "build.sh", "#!/bin/sh\n# baton: timeout=10x\necho hi > ran\n");
        var r = new CliFixture(dir.resolve("data")).baton("run", p.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith(p + ":2:10: timeout '10x'");
        assertThat(dir.resolve("ran")).doesNotExist();
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
