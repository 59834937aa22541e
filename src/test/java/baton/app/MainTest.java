package baton.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

import baton.BatonProcess;
import baton.cli.BatonCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

class MainTest {
    @TempDir Path dir;

    @Test
    void theWindowOpensForNoArgumentOrAnExistingFileOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "pipeline: p\n");
        assertThat(Main.opensWindow(new String[]{})).isTrue();
        assertThat(Main.opensWindow(new String[]{file.toString()})).isTrue();
        assertThat(Main.opensWindow(new String[]{dir.resolve("missing.yaml").toString()})).isFalse();
        assertThat(Main.opensWindow(new String[]{"runs"})).isFalse();
        assertThat(Main.opensWindow(new String[]{"--help"})).isFalse();
        assertThat(Main.opensWindow(new String[]{"run", file.toString()})).isFalse();
    }

    /** Main answers --version without building the command line: the same line the command line prints. */
    @Test
    void versionIsAnsweredAsTheCommandLineWould() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(BatonCli.execute(new String[]{"--version"}, new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of())).isZero();
        for (String flag : new String[]{"--version", "-V"}) {
            Process p = new ProcessBuilder(BatonProcess.command(flag)).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).isZero();
            assertThat(said).isEqualTo(out.toString()).startsWith("Baton ");
        }
    }
}
