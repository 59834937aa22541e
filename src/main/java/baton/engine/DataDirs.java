package baton.engine;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Baton keeps its data (SPEC 4): --data-dir, then BATON_HOME, then the platform's default. */
public final class DataDirs {
    private DataDirs() {}

    /**
     * @throws IllegalArgumentException when --data-dir or BATON_HOME is given but empty: that is
     *         a mistake (an unset shell variable), and quietly using the default would put the
     *         runs somewhere the person did not ask for
     */
    public static Path resolve(String option, Map<String, String> env) {
        if (option != null) {
            if (option.isBlank()) throw new IllegalArgumentException("--data-dir is empty: give a folder, or leave the option out for the default");
            return Path.of(option).toAbsolutePath();
        }
        String home = env.get("BATON_HOME");
        if (home != null) {
            if (home.isBlank()) throw new IllegalArgumentException("BATON_HOME is set but empty: set it to a folder, or unset it for the default");
            return Path.of(home).toAbsolutePath();
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String homeEnv = env.get("HOME");
        Path user = Path.of(homeEnv != null && !homeEnv.isBlank() ? homeEnv : System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return (appData != null ? Path.of(appData) : user.resolve("AppData").resolve("Roaming")).resolve("Baton");
        }
        if (os.contains("mac")) return user.resolve("Library").resolve("Application Support").resolve("Baton");
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : user.resolve(".local").resolve("share")).resolve("baton");
    }
}
