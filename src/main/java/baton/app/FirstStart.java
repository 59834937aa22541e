package baton.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first start of an installed Baton copies the examples out of the (read-only) install
 * folder to ~/Baton/examples and opens the course example. Later starts open nothing.
 */
final class FirstStart {
    private FirstStart() {}

    /** The file to open on a first start of the installed app, or null. */
    static String examplesToOpen(Path dataDir) {
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath == null) return null; // not the installed app: a developer's checkout
        Path marker = dataDir.resolve("first-start-done");
        if (Files.exists(marker)) return null;
        Path installed = baton.cli.ExamplesCommand.bundled();
        // $HOME first: Java's user.home comes from the password file, which a desktop session may not use
        String home = System.getenv("HOME") != null && !System.getenv("HOME").isBlank() ? System.getenv("HOME") : System.getProperty("user.home");
        Path target = Path.of(home, "Baton", "examples");
        try {
            if (installed != null && !Files.exists(target)) baton.cli.ExamplesCommand.copy(installed, target);
            Files.createDirectories(dataDir);
            Files.writeString(marker, "examples copied to " + target + "\n");
        } catch (IOException e) {
            System.err.println("baton: could not copy the examples to " + target + ": " + e.getMessage());
            return null;
        }
        Path course = target.resolve("course").resolve("course.baton.yaml");
        return Files.exists(course) ? course.toString() : null;
    }
}
