package baton.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The service's settings, kept in {@code <data dir>/settings.properties} so they outlive it:
 * {@code max_jobs}, the jobs running at once across every run ({@link #NO_CAP} by default: each
 * run's own {@code concurrency} is what SPEC promises, and a cap the person did not set would cut
 * a pipeline's {@code concurrency: 8} to the machine's cores without a word).
 */
public record ServiceSettings(int maxJobs) {
    public static final String FILE = "settings.properties";
    /** No cap across runs: {@code max_jobs=none}. */
    public static final int NO_CAP = 0;

    public ServiceSettings {
        if (maxJobs < 0) throw new IllegalArgumentException("max_jobs must be at least 1, or none");
    }

    public static ServiceSettings defaults() {
        return new ServiceSettings(NO_CAP);
    }

    /** The size of the machine-wide pool of slots these settings give. */
    public int poolSize() {
        return maxJobs == NO_CAP ? Integer.MAX_VALUE : maxJobs;
    }

    /** The settings of {@code dataDir}: the file's, each missing one at its default; a bad value is refused with where it is. */
    public static ServiceSettings read(Path dataDir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve(FILE))) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return defaults();
        }
        return defaults().with(toMap(p), dataDir.resolve(FILE).toString());
    }

    /** These settings with {@code changes} applied; an unknown name or a bad value is refused, naming {@code where}. */
    public ServiceSettings with(Map<String, String> changes, String where) {
        int max = maxJobs;
        for (Map.Entry<String, String> c : changes.entrySet()) {
            switch (c.getKey()) {
                case "max_jobs" -> max = c.getValue().strip().equals("none") ? NO_CAP : positive(c.getKey(), c.getValue(), where);
                default -> throw new IllegalArgumentException(where + ": unknown setting '" + c.getKey() + "' (the settings are: max_jobs)");
            }
        }
        return new ServiceSettings(max);
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("max_jobs", maxJobs == NO_CAP ? "none" : String.valueOf(maxJobs));
        return m;
    }

    /** Writes the file whole (a new file moved into place), so a crash leaves the old or the new one. */
    public void write(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.putAll(asMap());
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, baton.store.OwnerOnly.fileAttributes());
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Baton service settings (baton service config NAME=VALUE)");
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int positive(String name, String value, String where) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw new IllegalArgumentException(where + ": " + name + " must be a whole number of at least 1, or none, not '" + value + "'");
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        return m;
    }
}
