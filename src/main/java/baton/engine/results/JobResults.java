package baton.engine.results;

import baton.model.Artifact;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a job said back after it ended (SPEC 2): its outputs ({@code key=value}), metrics
 * ({@code name=number}), artifacts (files matching its globs) and whether its result.json keeps
 * its contract. Malformed lines become warnings with their line number: kept, not fatal.
 */
public final class JobResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Longest output or metric name: it is shown in one line of the UI and stored in a 1000-character column. */
    public static final int MAX_KEY_LENGTH = 200;
    /** Warnings Baton's own side wrote into the attempt's folder (a callback's bad stats), one a line. */
    public static final String WARNINGS_FILE = "warnings";

    public record Results(Map<String, String> outputs, Map<String, Double> metrics, List<Artifact> artifacts, List<String> warnings,
                   String contractError) {}

    private JobResults() {}

    /**
     * @param runDir  the run's folder (attempts, BATON_RUN_DIR): a link into it may be an artifact
     * @param vars    the job's own variables, for {@code ${BATON_ITEM}} and the like in artifact globs
     * @param since   when the attempt started: older files are not its artifacts (the folder is shared)
     */
    public static Results read(Path attemptDir, Path runDir, Path cwd, List<String> artifactGlobs, Path contract, int attempt,
                        Map<String, String> vars, java.time.Instant since) {
        ownerOnly(attemptDir);
        List<String> warnings = new ArrayList<>(earlierWarnings(attemptDir.resolve(WARNINGS_FILE)));
        Map<String, String> outputs = pairs(attemptDir.resolve("output"), "BATON_OUTPUT", false, warnings);
        Map<String, Double> metrics = new LinkedHashMap<>();
        pairs(attemptDir.resolve("metrics"), "BATON_METRICS", true, warnings).forEach((k, v) -> metrics.put(k, Double.parseDouble(v)));
        List<String> globs = artifactGlobs.stream().map(g -> expand(g, vars)).toList();
        List<Artifact> artifacts = globs.isEmpty() ? List.of() : artifacts(cwd, List.of(cwd, runDir), globs, attempt, since, warnings);
        String contractError = contract == null ? null : checkContract(contract, attemptDir.resolve("result.json"));
        return new Results(outputs, metrics, artifacts, warnings, contractError);
    }

    /** The files a job wrote through BATON_OUTPUT and the like: made with the job's umask, kept as the data directory's are (owner only). */
    static final List<String> JOB_FILES = List.of("output", "metrics", "spawn", "result.json");

    private static void ownerOnly(Path attemptDir) {
        for (String name : JOB_FILES) {
            Path f = attemptDir.resolve(name);
            try {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) baton.store.OwnerOnly.tighten(f);
            } catch (IOException e) {
                // gone, or not the job's to give: it is read (or not) below as it is
                System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "cannot tighten " + f + ": " + e.getMessage());
            }
        }
    }

    private static Map<String, String> pairs(Path file, String what, boolean numbers, List<String> warnings) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return out;
        List<String> lines;
        try {
            // outputs are text; bytes that are not UTF-8 are kept as U+FFFD rather than lost whole
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            warnings.add(what + ": cannot read " + file + ": " + e.getMessage());
            return out;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq).strip() : "";
            if (eq > 0 && key.length() > MAX_KEY_LENGTH) {
                warnings.add(what + " line " + (i + 1) + ": the name '" + cut(key) + "' is " + key.length() + " characters long; names are limited to "
                        + MAX_KEY_LENGTH);
                continue;
            }
            if (eq <= 0 || !isKey(key)) {
                warnings.add(what + " line " + (i + 1) + ": expected " + (numbers ? "name=number" : "key=value") + ", got '" + cut(line) + "'");
                continue;
            }
            String value = line.substring(eq + 1);
            if (numbers) {
                // a name written again replaces its earlier value: the last one wins (SPEC 2)
                Double d = finiteNumber(value);
                if (d != null) out.put(key, Double.toString(d));
                else warnings.add(what + " line " + (i + 1) + ": '" + cut(value) + "' is not a number");
            } else {
                out.put(key, value);
            }
        }
        return out;
    }

    /**
     * One BATON_METRICS line as a name and its value, or null when it is not {@code name=number}
     * (the read at the attempt's end says why, as a warning). The same rules as that read.
     */
    static Map.Entry<String, Double> metricLine(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) return null;
        String key = line.substring(0, eq).strip();
        Double value = finiteNumber(line.substring(eq + 1));
        return isKey(key) && value != null ? Map.entry(key, value) : null;
    }

    private static Double finiteNumber(String text) {
        try {
            double d = Double.parseDouble(text.strip());
            return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
        } catch (NumberFormatException e) {
            return null; // not a number: the caller says so or skips the line
        }
    }

    /** Whether {@code key} can name an output or a metric: no '=', no control characters, not too long. */
    public static boolean isKey(String key) {
        return key.length() <= MAX_KEY_LENGTH && KEY.matcher(key).matches();
    }

    private static List<String> earlierWarnings(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).limit(100).map(l -> l.length() <= 500 ? l : l.substring(0, 497) + "...").toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    static String expand(String glob, Map<String, String> vars) {
        return VAR.matcher(glob).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
    }

    /**
     * The files under {@code cwd} that match the globs and were written since the attempt began.
     * Links are not followed: one that leads inside {@code roots} is recorded as a link, one that
     * leads out is refused with a warning (its target is not the job's to record or to read).
     */
    private static List<Artifact> artifacts(Path cwd, List<Path> roots, List<String> globs, int attempt, java.time.Instant since,
                                            List<String> warnings) {
        java.nio.file.attribute.FileTime from = java.nio.file.attribute.FileTime.from(since.minusSeconds(1));
        List<PathMatcher> matchers = globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<Artifact> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(cwd, 12, new FileVisitOption[0])) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path rel = cwd.relativize(p);
                if (!matchers.stream().anyMatch(m -> m.matches(rel))) continue;
                BasicFileAttributes at = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (at.lastModifiedTime().compareTo(from) < 0) continue;
                if (at.isSymbolicLink()) {
                    Path target = Files.readSymbolicLink(p);
                    if (leadsInside(p.resolveSibling(target), roots)) {
                        found.add(Artifact.link(rel.toString(), target.toString(), attempt));
                    } else {
                        warnings.add("artifacts: " + rel + " is a link to " + target + ", outside the job's folder and the run's: not recorded");
                    }
                } else if (at.isRegularFile()) {
                    found.add(new Artifact(rel.toString(), at.size(), sha256(p), attempt));
                }
                if (found.size() >= 10_000) {
                    warnings.add("artifacts: more than 10,000 files match; the rest are not recorded");
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            warnings.add("artifacts: " + e.getMessage());
        }
        if (found.isEmpty()) warnings.add("artifacts: no file matches " + String.join(", ", globs));
        return found;
    }

    /** Whether {@code target} (through any further links) is inside one of {@code roots}; a dangling link is judged by its path. */
    private static boolean leadsInside(Path target, List<Path> roots) throws IOException {
        Path where = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath().normalize();
        for (Path root : roots) {
            Path r = Files.exists(root) ? root.toRealPath() : root.toAbsolutePath().normalize();
            if (where.startsWith(r) || where.startsWith(root.toAbsolutePath().normalize())) return true;
        }
        return false;
    }

    static String sha256(Path p) throws IOException {
        // not through a link: the file may have been swapped for one since it was looked at
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when the result keeps the contract; otherwise why not, naming the JSON pointer and the rule. */
    static String checkContract(Path schemaFile, Path result) {
        if (!Files.isRegularFile(result)) return "the job wrote no result.json (at $BATON_RESULT), which its contract requires";
        JsonNode doc;
        try {
            doc = JSON.readTree(result.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "result.json is not valid JSON: " + cut(String.valueOf(e.getOriginalMessage()));
        } catch (IOException e) {
            return "result.json cannot be read: " + e.getMessage();
        }
        JsonSchema schema;
        try {
            schema = schema(schemaFile);
        } catch (IOException | RuntimeException e) {
            return "the contract " + schemaFile + " cannot be read: " + e.getMessage();
        }
        Set<ValidationMessage> errors = schema.validate(doc);
        if (errors.isEmpty()) return null;
        List<String> msgs = errors.stream().map(JobResults::withValue).sorted().limit(5).toList();
        return "result.json breaks its contract: " + String.join("; ", msgs) + (errors.size() > 5 ? " (and " + (errors.size() - 5) + " more)" : "");
    }

    /** A broken rule as the validator says it, with the value that broke it when it is a single one ({@code (it is 1.4)}). */
    private static String withValue(ValidationMessage m) {
        JsonNode value = m.getInstanceNode();
        return m.getMessage() + (value != null && value.isValueNode() ? " (it is " + cut(value.toString()) + ")" : "");
    }

    static JsonSchema schema(Path schemaFile) throws IOException {
        JsonNode node = JSON.readTree(schemaFile.toFile());
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config);
    }

    private static String cut(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
