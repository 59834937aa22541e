package baton.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Copies the examples that ship with Baton to a folder of the user's, for people who never open
 * the window (the window's first start copies them to ~/Baton/examples).
 */
@Command(name = "examples", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton examples ~/baton-examples"},
        description = "Copy the bundled example pipelines to DIR (default ./baton-examples) and say how to run one.")
public final class ExamplesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = "baton-examples",
            description = "where to copy them; it must not exist or be empty (default: ./baton-examples)") Path dir;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path from = bundled();
        if (from == null) {
            err.println("baton: cannot find the bundled examples (looked in the install folder, /opt/baton/lib/app/examples, and next to the jar)");
            return BatonCli.USAGE;
        }
        Path to = dir.toAbsolutePath().normalize();
        if (Files.exists(to) && !isEmptyDir(to)) {
            err.println("baton: " + dir + " already exists and is not empty: name a new folder (baton examples DIR); nothing was copied");
            return BatonCli.USAGE;
        }
        List<Path> written = copy(from, to);
        out.println("Copied " + written.size() + " files from " + from + " to " + dir + ":");
        try (Stream<Path> top = Files.list(to)) {
            top.sorted().forEach(p -> out.println("  " + dir.resolve(p.getFileName()) + (Files.isDirectory(p) ? "/" : "")));
        }
        out.println("Next: baton run " + dir.resolve("course").resolve("course.baton.yaml")
                + "   (or open it in the window: baton " + dir.resolve("course").resolve("course.baton.yaml") + ")");
        out.flush();
        return BatonCli.OK;
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * The examples folder: in the installed app it is lib/app/examples of the app image (next to
     * baton.jar); in a checkout, the repository's examples/ (target/baton.jar or target/classes
     * is one or two levels below it).
     */
    public static Path bundled() {
        List<Path> candidates = new ArrayList<>();
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath != null) {
            Path image = Path.of(appPath).toAbsolutePath().getParent().getParent();
            candidates.add(image.resolve("lib").resolve("app").resolve("examples"));
        }
        var source = ExamplesCommand.class.getProtectionDomain().getCodeSource();
        try {
            Path code = source == null ? null : Path.of(source.getLocation().toURI());
            for (Path p = code == null ? null : code.getParent(); p != null && candidates.size() < 6; p = p.getParent()) {
                candidates.add(p.resolve("examples"));
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // the code does not come from a local file (an unusual class loader): only the install folders are known
        }
        candidates.add(Path.of("/opt/baton/lib/app/examples"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("course").resolve("course.baton.yaml"))) return c;
        }
        return null;
    }

    /**
     * Copies the examples folder {@code from} to {@code to}, making every copied file writable by
     * its owner (the install folder is read-only: the copy is the user's to edit). The window's
     * first start copies them the same way.
     */
    public static List<Path> copy(Path from, Path to) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                target.toFile().setWritable(true, true);
                written.add(target);
                return FileVisitResult.CONTINUE;
            }
        });
        return written;
    }
}
