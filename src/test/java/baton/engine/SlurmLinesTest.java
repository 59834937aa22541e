package baton.engine;

import baton.engine.slurm.SbatchLine;
import baton.model.SlurmOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What each key of a slurm: block becomes on the sbatch line, and the batch script around the command (no cluster needed). */
class SlurmLinesTest {
    @Test
    void eachSlurmKeyIsOneSbatchOptionAndExtraComesLast() {
        var o = new SlurmOptions("gpu", 8, "32G", "2:00:00", "gpu:a100:2", "lab42", "long", List.of("--constraint=avx512", "--exclusive"));
        assertThat(SbatchLine.options(o)).containsExactly("--partition=gpu", "--cpus-per-task=8", "--mem=32G", "--time=2:00:00",
                "--gres=gpu:a100:2", "--account=lab42", "--qos=long", "--constraint=avx512", "--exclusive");
        assertThat(SbatchLine.options(SlurmOptions.NONE)).isEmpty();
    }

    @Test
    void outputPathsAreEscapedForSbatchsFilenamePatterns() {
        List<String> line = SbatchLine.of(SlurmOptions.NONE, "baton:each[3]", "baton:i:r:1:each[3]", Path.of("/w"),
                Path.of("/d/attempts/each%5B3%5D.1/slurm.out"), Path.of("/d/attempts/each%5B3%5D.1/slurm.err"),
                Path.of("/d/attempts/each%5B3%5D.1/slurm.env"), Path.of("/d/attempts/each%5B3%5D.1/slurm.sh"));
        assertThat(line).contains("--output=/d/attempts/each%%5B3%%5D.1/slurm.out", "--error=/d/attempts/each%%5B3%%5D.1/slurm.err",
                "--no-requeue", "--export=ALL", "--export-file=/d/attempts/each%5B3%5D.1/slurm.env");
        assertThat(line.getLast()).isEqualTo("/d/attempts/each%5B3%5D.1/slurm.sh");
    }

    @Test
    void theScriptRunsTheCommandThroughShAndKeepsItsExitStatus() {
        String script = SbatchLine.script("echo 'it''s' \"$X\"; exit 3", Path.of("/d/a.1/slurm.exit"), "baton:i:r:1:a");
        assertThat(script).startsWith("#!/bin/sh\n").contains("/bin/sh -c 'echo '\\''it'\\'''\\''s'\\'' \"$X\"; exit 3'")
                .contains("mv -f '/d/a.1/slurm.exit.part' '/d/a.1/slurm.exit'").endsWith("exit \"$code\"\n");
    }
}
