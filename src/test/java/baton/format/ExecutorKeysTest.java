package baton.format;

import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.SlurmOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code executor} key and the {@code slurm:} block: read with the pipeline's defaults merged, and their mistakes located. */
class ExecutorKeysTest {
    @TempDir Path dir;

    private PipelineDef load(String text) throws Exception {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, text);
        return PipelineLoader.load(p).definition();
    }

    private String errorsOf(String text) throws IOException {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, text);
        try {
            PipelineLoader.load(p);
        } catch (LoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected it to be refused");
    }

    @Test
    void aPhasesSlurmKeysGoOverThePipelinesDefaults() throws Exception {
        PipelineDef def = load("""
                pipeline: p
                executor: slurm
                slurm: { partition: cpu, account: lab, time: "1:00:00", extra: ["--constraint=avx2"] }
                phases:
                  - id: train
                    slurm: { partition: gpu, cpus: 8, mem: 32G, gres: "gpu:a100:2", qos: long, extra: ["--exclusive"] }
                    run: ./train.sh
                  - id: report
                    executor: local
                    run: ./report.sh
                """);
        assertThat(def.executor()).isEqualTo("slurm");
        PhaseDef train = def.phase("train").orElseThrow();
        assertThat(train.executor()).isNull();
        assertThat(train.slurm()).isEqualTo(new SlurmOptions("gpu", 8, "32G", "1:00:00", "gpu:a100:2", "lab", "long",
                List.of("--constraint=avx2", "--exclusive")));
        PhaseDef report = def.phase("report").orElseThrow();
        assertThat(report.executor()).isEqualTo("local");
        assertThat(report.slurm().partition()).isEqualTo("cpu");
    }

    @Test
    void writtenBackTheKeysReadTheSame() throws Exception {
        PipelineDef def = load("""
                pipeline: p
                executor: slurm
                slurm: { account: lab, extra: ["--constraint=avx2"] }
                phases:
                  - id: a
                    slurm: { partition: gpu, cpus: 2, extra: ["--exclusive"] }
                    run: "true"
                  - id: b
                    executor: local
                    run: "true"
                """);
        PipelineDef again = load(PipelineWriter.toYaml(def, dir));
        assertThat(again.executor()).isEqualTo("slurm");
        assertThat(again.slurm()).isEqualTo(def.slurm());
        for (PhaseDef p : def.phases()) {
            assertThat(again.phase(p.id()).orElseThrow().slurm()).isEqualTo(p.slurm());
            assertThat(again.phase(p.id()).orElseThrow().executor()).isEqualTo(p.executor());
        }
    }

    @Test
    void mistakesInTheSlurmBlockAreLocated() throws Exception {
        String errors = errorsOf("""
                pipeline: p
                executor: slurmm
                phases:
                  - id: a
                    slurm:
                      partiton: gpu
                      mem: lots
                      time: "two hours"
                      cpus: 0
                      extra: ["--output=/tmp/x", "--exclusive"]
                    run: "true"
                  - id: b
                    executor: slurm
                    http: { url: "http://127.0.0.1:1/x" }
                """);
        assertThat(errors).contains("p.yaml:2:11: unknown executor 'slurmm' (did you mean 'slurm'?)");
        assertThat(errors).contains("p.yaml:6:7: unknown key 'partiton' in slurm (did you mean 'partition'?)");
        assertThat(errors).contains("p.yaml:7:12: 'mem' must be memory per node such as 16G");
        assertThat(errors).contains("p.yaml:8:13: 'time' must be a time limit as sbatch takes it");
        assertThat(errors).contains("p.yaml:9:13: 'cpus' must be between 1");
        assertThat(errors).contains("p.yaml:10:15:").contains("'--output' in 'extra' is set by Baton itself");
        assertThat(errors).contains("p.yaml:13:15:").contains("an http phase is called from Baton's machine and cannot run through Slurm");
    }
}
