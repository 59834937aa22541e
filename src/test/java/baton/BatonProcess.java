package baton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test help: Baton as a separate process, from this build's classes, as its launcher would start it. */
public final class BatonProcess {
    private BatonProcess() {}

    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "baton.app.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
