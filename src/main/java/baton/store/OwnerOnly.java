package baton.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data directory is its owner's alone (SPEC 4): folders 0700, files 0600. Folders and files
 * Baton makes are created with those modes in the one system call that makes them; what an older
 * Baton left readable is tightened once, when the directory is opened.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** Written once a directory has been tightened, so a data directory with many runs is walked only once. */
    static final String MARKER = ".owner-only";

    private OwnerOnly() {}

    public static FileAttribute<?>[] dirAttributes() {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(DIR)} : new FileAttribute<?>[0];
    }

    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and its missing parents as owner-only folders. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, dirAttributes());
    }

    /**
     * Makes sure {@code dataDir} exists and is owner-only; the first time an existing directory is
     * opened this way, everything in it is tightened too. Returns how many entries other users
     * could reach (0 when none): a file with loose bits inside a folder that was already ours
     * alone was never within their reach (a log's lock file made with the umask), so it is
     * tightened but not counted.
     */
    public static int secure(Path dataDir) throws IOException {
        createDirectories(dataDir);
        if (!POSIX) return 0;
        boolean open = tighten(dataDir) == 1;
        if (Files.exists(dataDir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) return open ? 1 : 0;
        int[] count = {open ? 1 : 0};
        java.util.Set<Path> reachable = new java.util.HashSet<>();
        if (open) reachable.add(dataDir);
        Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                if (d.equals(dataDir)) return FileVisitResult.CONTINUE;
                if (tighten(d) == 1 && reachable.contains(d.getParent())) {
                    reachable.add(d);
                    count[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (a.isRegularFile() && tighten(f) == 1 && reachable.contains(f.getParent())) count[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE; // vanished while walking (a job's file): nothing to tighten
            }
        });
        Files.write(dataDir.resolve(MARKER), new byte[0], java.nio.file.StandardOpenOption.CREATE);
        tighten(dataDir.resolve(MARKER));
        return count[0];
    }

    /** Takes every right of group and others off {@code p} (not following links), keeping the owner's; 1 if it had any. */
    public static int tighten(Path p) throws IOException {
        if (!POSIX || Files.isSymbolicLink(p)) return 0;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> owner = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission bit : now) if (bit.name().startsWith("OWNER")) owner.add(bit);
        if (owner.size() == now.size()) return 0;
        Files.setPosixFilePermissions(p, owner);
        return 1;
    }
}
