package baton.app;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

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
        Path installed = Path.of(appPath).toAbsolutePath().getParent().getParent().resolve("lib").resolve("app").resolve("examples");
        // $HOME first: Java's user.home comes from the password file, which a desktop session may not use
        String home = System.getenv("HOME") != null && !System.getenv("HOME").isBlank() ? System.getenv("HOME") : System.getProperty("user.home");
        Path target = Path.of(home, "Baton", "examples");
        try {
            if (Files.isDirectory(installed) && !Files.exists(target)) copy(installed, target);
            Files.createDirectories(dataDir);
            Files.writeString(marker, "examples copied to " + target + "\n");
        } catch (IOException e) {
            System.err.println("baton: could not copy the examples to " + target + ": " + e.getMessage());
            return null;
        }
        Path course = target.resolve("course").resolve("course.baton.yaml");
        return Files.exists(course) ? course.toString() : null;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
