package baton.format;

import baton.model.PhaseDef;
import baton.model.PipelineDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A script, or a folder of numbered scripts, read as a pipeline (issue: drop a script). */
class ScriptPipelinesTest {
    @TempDir Path dir;

    private Path script(Path in, String name, String text, boolean executable) throws Exception {
        Path p = Files.writeString(in.resolve(name), text);
        if (executable) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void aScriptIsAOnePhasePipelineNamedAfterItRunInItsFolder() throws Exception {
        Path p = script(dir, "build.sh", "#!/bin/sh\n# baton: timeout=10m retries=2 optional confirm=\"Drives the printer\"\n"
                + "# baton: param language=es\necho hi\n", true);
        LoadedPipeline lp = PipelineLoader.load(p);
        PipelineDef def = lp.definition();
        assertThat(def.id()).isEqualTo("build.sh");
        assertThat(def.params()).containsEntry("language", "es");
        assertThat(def.baseDir()).isEqualTo(dir.toString());
        PhaseDef ph = def.phases().getFirst();
        assertThat(ph.id()).isEqualTo("build");
        assertThat(ph.run()).isEqualTo("./build.sh");
        assertThat(ph.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ph.retries().max()).isEqualTo(2);
        assertThat(ph.optional()).isTrue();
        assertThat(ph.confirm()).isEqualTo("Drives the printer");
        assertThat(lp.contentHash()).as("the script's own hash tells when it changed").isEqualTo(PipelineLoader.sha256(Files.readString(p)));
        // what retries read: the equivalent pipeline, which reads back to the same definition
        PipelineDef again = PipelineLoader.parse(lp.sourcePath(), lp.sourceText(), def.baseDir()).definition();
        assertThat(again.phases().getFirst().run()).isEqualTo("./build.sh");
        assertThat(again.phases().getFirst().timeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aScriptThatIsNotExecutableRunsWithItsHashBangOrItsExtensionsInterpreter() throws Exception {
        assertThat(PipelineLoader.load(script(dir, "a.py", "print('hi')\n", false)).definition().phases().getFirst().run())
                .isEqualTo("python3 ./a.py");
        assertThat(PipelineLoader.load(script(dir, "b", "#!/usr/bin/env bash\necho hi\n", false)).definition().phases().getFirst().run())
                .isEqualTo("/usr/bin/env bash ./b");
        assertThat(PipelineLoader.load(script(dir, "my job.sh", "echo hi\n", false)).definition().phases().getFirst().run())
                .isEqualTo("sh './my job.sh'");
    }

    @Test
    void anUnknownDirectiveIsALocatedErrorWithASuggestion() throws Exception {
        Path p = script(dir, "build.sh", "#!/bin/sh\n# a comment\n# baton: retires=2\necho hi\n", true);
        assertThatThrownBy(() -> PipelineLoader.load(p)).isInstanceOf(LoadException.class)
                .hasMessageContaining(p + ":3:10: unknown directive 'retires' (did you mean 'retries'?)");
    }

    @Test
    void aBadDurationInADirectiveIsALocatedError() throws Exception {
        Path p = script(dir, "build.sh", "#!/bin/sh\n# baton: timeout=soon\necho hi\n", true);
        assertThatThrownBy(() -> PipelineLoader.load(p)).isInstanceOf(LoadException.class)
                .hasMessageContaining(p + ":2:10: timeout 'soon' is not a duration above zero");
    }

    @Test
    void aBinaryFileIsRefusedNotRun() throws Exception {
        Path p = dir.resolve("tool.sh");
        Files.write(p, new byte[]{0x7f, 'E', 'L', 'F', 0, 1, (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> PipelineLoader.load(p)).isInstanceOf(LoadException.class).hasMessageContaining("not UTF-8 text");
    }

    @Test
    void aFolderRunsItsNumberedScriptsInOrderThoseSharingANumberInParallel() throws Exception {
        Path f = Files.createDirectories(dir.resolve("phases"));
        script(f, "10-translate.sh", "#!/bin/sh\necho t\n", true);
        script(f, "20-baskets.sh", "#!/bin/sh\necho b\n", true);
        script(f, "20-intro.py", "# baton: optional\nprint('i')\n", false);
        script(f, "30-manifest.sh", "#!/bin/sh\necho m\n", true);
        script(f, "helper.sh", "#!/bin/sh\necho h\n", true);
        Files.writeString(f.resolve("notes.txt"), "not a script");
        LoadedPipeline lp = PipelineLoader.load(f);
        PipelineDef def = lp.definition();
        assertThat(def.id()).isEqualTo("phases");
        assertThat(def.phases()).extracting(PhaseDef::id).containsExactly("10-translate", "20-baskets", "20-intro", "30-manifest");
        assertThat(def.phase("20-baskets").orElseThrow().needs()).extracting(n -> n.phase()).containsExactly("10-translate");
        assertThat(def.phase("30-manifest").orElseThrow().needs()).extracting(n -> n.phase()).containsExactly("20-baskets", "20-intro");
        assertThat(def.phase("20-intro").orElseThrow().optional()).isTrue();
        assertThat(lp.notes()).containsExactly("left out helper.sh: only scripts whose names start with a number run (10-helper.sh)");
        assertThat(PipelineLoader.parse(lp.sourcePath(), lp.sourceText(), def.baseDir()).definition().phases())
                .extracting(PhaseDef::id).containsExactly("10-translate", "20-baskets", "20-intro", "30-manifest");
    }

    @Test
    void aFolderWithAPipelineFileOpensThatFileAndSaysSo() throws Exception {
        Path f = Files.createDirectories(dir.resolve("course"));
        script(f, "10-a.sh", "#!/bin/sh\necho a\n", true);
        Files.writeString(f.resolve("course.baton.yaml"), "pipeline: course\nphases:\n  - id: x\n    run: echo x\n");
        LoadedPipeline lp = PipelineLoader.load(f);
        assertThat(lp.definition().id()).isEqualTo("course");
        assertThat(lp.notes().getFirst()).startsWith("opening course.baton.yaml");
    }

    @Test
    void aFolderWithoutNumberedScriptsOrWithTooManyFilesIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        script(empty, "a.sh", "#!/bin/sh\n", true);
        assertThatThrownBy(() -> PipelineLoader.load(empty)).isInstanceOf(LoadException.class)
                .hasMessageContaining("a folder with no numbered scripts");
        Path many = Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i <= ScriptPipelines.MAX_FOLDER_ENTRIES; i++) Files.writeString(many.resolve(i + "-x.sh"), "");
        assertThatThrownBy(() -> PipelineLoader.load(many)).isInstanceOf(LoadException.class)
                .hasMessageContaining("a folder of more than " + ScriptPipelines.MAX_FOLDER_ENTRIES + " entries");
    }

    @Test
    void aPipelineFileThatIsExecutableIsStillAPipeline() throws Exception {
        Path p = script(dir, "p.baton.yaml", "#!/usr/bin/env baton\npipeline: p\nphases:\n  - id: a\n    run: echo a\n", true);
        assertThat(PipelineLoader.load(p).definition().id()).isEqualTo("p");
    }

    @Test
    void aScriptWhoseNameHoldsALineBreakIsRefused() throws Exception {
        Path p = script(dir, "two\nlines.sh", "#!/bin/sh\necho hi\n", true);
        assertThatThrownBy(() -> PipelineLoader.load(p)).isInstanceOf(LoadException.class)
                .hasMessageContaining("the file's name holds a line break");
    }
}
