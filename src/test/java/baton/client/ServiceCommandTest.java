package baton.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How a client starts its data directory's service: under the installed verbs' launcher, or the JVM with the service's options. */
class ServiceCommandTest {
    @TempDir Path dir;

    private Path launcher(String name) throws Exception {
        Path p = Files.createDirectories(dir.resolve("opt/baton/bin")).resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void theInstalledWindowStartsTheServiceUnderTheVerbsLauncherWhoseCacheHoldsIt() throws Exception {
        Path verbs = launcher("baton");
        Path window = launcher("baton-window");
        ServiceAddress address = ServiceAddress.of(dir.resolve("data"));
        assertThat(ServiceConnector.serviceCommand(address, window.toString(), Optional.empty()))
                .containsExactly(verbs.toString(), "service", "run", "--data-dir", address.dataDir().toString());
        assertThat(ServiceConnector.serviceCommand(address, verbs.toString(), Optional.empty()).getFirst()).isEqualTo(verbs.toString());
    }

    @Test
    void aJarStartsTheServiceWithTheServiceOptionsAndTheVerbsCacheBesideIt() throws Exception {
        Path jar = Files.writeString(dir.resolve("baton.jar"), "");
        Files.writeString(dir.resolve("baton.aot"), "");
        ServiceAddress address = ServiceAddress.of(dir.resolve("data"));
        assertThat(ServiceConnector.serviceCommand(address, "/usr/lib/jvm/x/bin/java", Optional.of(jar)))
                .containsSubsequence("/usr/lib/jvm/x/bin/java", "-XX:TieredStopAtLevel=1", "-XX:AOTCache=" + dir.resolve("baton.aot"), "-jar",
                        jar.toString(), "service", "run");
    }
}
