package baton.engine.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A process started to outlive its starter: own session, its stderr kept for the starter, reaped when it ends. */
@EnabledOnOs(OS.LINUX)
class DetachedProcessTest {

    @Test
    void aProcessThatEndsAtOnceGivesItsExitCodeAndWhatItSaidAndLeavesNoZombie() throws Exception {
        DetachedProcess p = DetachedProcess.start(List.of("/bin/sh", "-c", "echo 'cannot open the store' >&2; exit 3"), Map.of("PATH", "/usr/bin:/bin"));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.exitCode() != null);
        assertThat(p.exitCode()).isEqualTo(3);
        assertThat(p.stderr()).isEqualTo("cannot open the store\n");
        assertThat(Files.exists(Path.of("/proc", Long.toString(p.pid())))).isFalse();
    }

    @Test
    void aLiveProcessHasNoExitCodeRunsInASessionOfItsOwnAndIsReapedWithoutBeingAskedOnceItEnds() throws Exception {
        DetachedProcess p = DetachedProcess.start(List.of("/bin/sleep", "1"), Map.of());
        Path proc = Path.of("/proc", Long.toString(p.pid()));
        assertThat(p.exitCode()).isNull();
        // fields after the command name: state ppid pgrp session
        String[] stat = Files.readString(proc.resolve("stat")).replaceFirst("^.*\\) ", "").split(" ");
        assertThat(Long.parseLong(stat[3])).isEqualTo(p.pid());
        assertThat(Files.readSymbolicLink(proc.resolve("fd/0")).toString()).isEqualTo("/dev/null");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(proc));
        assertThat(p.exitCode()).isZero();
    }
}
