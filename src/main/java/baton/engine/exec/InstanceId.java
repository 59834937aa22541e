package baton.engine.exec;

import baton.store.OwnerOnly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A random id made once per data directory. Run ids repeat across data directories
 * (r-20261122-0001 is everyone's first run that day), so a job's processes are known as this
 * data directory's by {@code BATON_INSTANCE} together with {@code BATON_RUN_ID}, and recovery
 * never touches another's.
 */
public final class InstanceId {
    static final String FILE = "instance-id";

    private InstanceId() {}

    public static String of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!id.isEmpty()) return id;
            }
            OwnerOnly.createDirectories(dataDir);
            // written under a name of its own, then linked into place: two processes racing end
            // with one id, and nobody ever reads a half-written file
            String id = UUID.randomUUID().toString();
            Path tmp = Files.createTempFile(dataDir, FILE, ".tmp", OwnerOnly.fileAttributes());
            try {
                Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
                Files.createLink(file, tmp);
                return id;
            } catch (FileAlreadyExistsException e) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new baton.store.StoreException("cannot keep the data directory's id in " + file + ": " + e.getMessage());
        }
    }
}
