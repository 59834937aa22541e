package baton.engine.trust;

import baton.engine.plan.JobEnvironment;
import baton.format.LoadedPipeline;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.TrustFingerprint;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Computes a loaded pipeline's {@link TrustFingerprint}: its absolute path, its content hash and
 * the sha256 of every file its phases' commands name relative to their working folder (see
 * {@link CommandFiles} for what is and is not found). Every named file is read in full at each
 * check, so a command that names a large data file makes the check as slow as reading it.
 */
public final class TrustFingerprints {
    /** Stands for a hash when the file cannot be read; reading it later counts as a change. */
    static final String UNREADABLE = "unreadable";

    private TrustFingerprints() {}

    public static TrustFingerprint of(LoadedPipeline p) {
        PipelineDef def = p.definition();
        Path folder = Path.of(def.baseDir() == null ? "." : def.baseDir()).toAbsolutePath().normalize();
        Map<String, String> scripts = new LinkedHashMap<>();
        for (PhaseDef phase : def.phases()) {
            if (phase.run() == null) continue;
            for (Path file : CommandFiles.named(phase.run(), JobEnvironment.cwd(def, phase))) {
                scripts.computeIfAbsent(shown(folder, file), k -> sha256(file));
            }
        }
        String source = Path.of(p.sourcePath()).toAbsolutePath().normalize().toString();
        return new TrustFingerprint(source, p.contentHash(), scripts);
    }

    /** Relative to the pipeline's folder, with '/' on every system, so two copies of a folder compare by name. */
    private static String shown(Path folder, Path file) {
        Path relative = Objects.equals(folder.getRoot(), file.getRoot()) ? folder.relativize(file) : file; // another drive stays absolute
        return relative.toString().replace(File.separatorChar, '/');
    }

    private static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // not an error of the check: the job would meet the same file; the person sees it listed when it becomes readable
            return UNREADABLE;
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
